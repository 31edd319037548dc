import { describe, expect, it } from 'vitest';
import {
  describeErrorcode,
  NITRO_ERRORCODE,
  NOT_FOUND_ERRORCODES,
  SESSION_EXPIRED_ERRORCODES,
} from '../../electron/services/nitro/nitro-errorcodes.ts';
import { hasNitroErrorcode, NitroFailure } from '../../electron/services/nitro/nitro-failure.ts';

describe('NITRO errorcode table', () => {
  it('names each code once, with its meaning found by number', () => {
    expect(NITRO_ERRORCODE.SAVE_IN_PROGRESS).toBe(1461);
    expect(NITRO_ERRORCODE.DOMAIN_MISMATCH).toBe(3585);
    expect(describeErrorcode(1461)?.message).toBe('Max concurrent save configs in progress');
    expect(describeErrorcode(3585)?.code).toBe('DOMAIN_CHANGE_NOT_ALLOWED');
    expect(describeErrorcode(1)).toBeUndefined();
    const numbers = Object.values(NITRO_ERRORCODE);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('groups codes by what Fieldkit does about them', () => {
    expect([...SESSION_EXPIRED_ERRORCODES].sort((a, b) => a - b)).toEqual([444, 1027]);
    expect([...NOT_FOUND_ERRORCODES].sort((a, b) => a - b)).toEqual([258, 1540, 1542, 1545]);
  });

  it('tells a failure by the names of its errorcodes', () => {
    const gone = new NitroFailure('NITRO_REQUEST_FAILED', 'gone', { appliance: 'a', errorcode: 1540 });
    expect(hasNitroErrorcode(gone, 'NO_SUCH_RESOURCE', 'CERTKEY_NOT_FOUND')).toBe(true);
    expect(hasNitroErrorcode(gone, 'NO_SUCH_RESOURCE')).toBe(false);
    expect(hasNitroErrorcode(new Error('plain'), 'CERTKEY_NOT_FOUND')).toBe(false);
  });
});
