import { describe, expect, it } from 'vitest';
import { FieldkitError } from '../../shared/fieldkit-error.ts';
import { fieldError } from '../../renderer/src/format/error-text.ts';
import { formatDate, formatDateTime } from '../../renderer/src/format/format-date.ts';

describe('error text shown to the user', () => {
  it('attaches an error to the input named by the last part of its path, and to no other', () => {
    const e = new FieldkitError('INVALID_INPUT', 'Give the path of the file.', { field: 'files.certPath' });
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
