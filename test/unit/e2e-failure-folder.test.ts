import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureFolder } from '../e2e/failure-artifacts.ts';

describe("where a failed end-to-end test's trace is kept", () => {
  it('is test-results/<file>/<test name>, with the names made safe for any file system', () => {
    expect(failureFolder('/work/app/test/e2e/certificates.e2e.test.ts', 'lists adc-1\'s certkeys by expiry / "flags"')).toBe(
      join(resolve('test-results'), 'certificates.e2e.test.ts', 'lists-adc-1-s-certkeys-by-expiry-flags'),
    );
  });

  it('keeps two different tests apart', () => {
    expect(failureFolder('a.e2e.test.ts', 'saves a proxy profile')).not.toBe(failureFolder('a.e2e.test.ts', 'saves a proxy password'));
  });
});
