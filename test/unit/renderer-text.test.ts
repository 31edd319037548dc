import { describe, expect, it } from 'vitest';
import { FieldkitError } from '../../shared/fieldkit-error.ts';
import { fieldError, userHint, userMessage } from '../../renderer/src/format/error-text.ts';
import { formatDate, formatDateTime } from '../../renderer/src/format/format-date.ts';

describe('error text shown to the user', () => {
  it('never shows the field path, whether or not the engine prefixed the message with it', () => {
    const prefixed = new FieldkitError('INVALID_INPUT', 'profile.trust.fingerprint256: Paste the SHA-256 fingerprint.', {
      field: 'profile.trust.fingerprint256',
    });
    const plain = new FieldkitError('INVALID_INPUT', 'Paste the SHA-256 fingerprint.', { field: 'profile.trust.fingerprint256' });
    expect(userMessage(prefixed)).toBe('Paste the SHA-256 fingerprint.');
    expect(userMessage(plain)).toBe('Paste the SHA-256 fingerprint.');
  });

  it('keeps a message that merely contains a colon', () => {
    const e = new FieldkitError('BUNDLE_READ_FAILED', 'The key file /tmp/a.key could not be read: ENOENT.');
    expect(userMessage(e)).toBe('The key file /tmp/a.key could not be read: ENOENT.');
  });

  it("falls back to the catalog's hint when the engine sent none", () => {
    const e = FieldkitError.fromInfo({ code: 'NOT_AVAILABLE_HERE', message: 'No picker.' });
    expect(userHint(e)).toBe('Type the path instead.');
    expect(userHint(FieldkitError.fromInfo({ code: 'SOMETHING_NEW', message: 'x' }))).toBeUndefined();
  });

  it('attaches an error to the input named by the last part of its path, and to no other', () => {
    const e = new FieldkitError('INVALID_INPUT', 'files.certPath: Give the path of the file.', { field: 'files.certPath' });
    expect(fieldError(e, 'certPath')).toBe('Give the path of the file.');
    expect(fieldError(e, 'keyPath')).toBeUndefined();
    expect(fieldError(undefined, 'certPath')).toBeUndefined();
  });
});

describe('dates in the user locale', () => {
  it('formats ISO and X.509 validity text the same way Intl does for this locale', () => {
    const iso = '2027-01-01T12:30:00.000Z';
    expect(formatDateTime(iso)).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)));
    expect(formatDate('Jan  1 00:00:00 2027 GMT')).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(Date.UTC(2027, 0, 1))),
    );
  });

  it('shows text that is not a date as it came, rather than "Invalid Date"', () => {
    expect(formatDate('unknown')).toBe('unknown');
    expect(formatDateTime('')).toBe('');
  });
});
