import { describe, expect, it } from 'vitest';
import { certkeyNameLimit, releaseOf } from '../../electron/services/nitro/certkey-name-limit.ts';

describe('certkeyNameLimit', () => {
  it.each([
    ['NetScaler NS14.1: Build 25.56.nc, Date: Jun 12 2025, 10:11:12   (64-bit)', 63],
    ['NetScaler NS13.0: Build 92.21.nc, Date: Sep 1 2023, 05:06:07   (64-bit)', 63],
    ['NetScaler NS13.1: Build 58.32.nc', 63],
    ['NetScaler NS12.1: Build 65.25.nc, Date: Jan 12 2023, 10:11:12   (64-bit)', 31],
    ['NetScaler NS11.1: Build 65.12.nc', 31],
  ])('%s → %i', (version, limit) => {
    expect(certkeyNameLimit(version)).toBe(limit);
  });

  it('keeps to the shorter limit when the version cannot be read', () => {
    expect(certkeyNameLimit('unknown')).toBe(31);
    expect(certkeyNameLimit('')).toBe(31);
    expect(certkeyNameLimit('NetScaler NSX: Build ?')).toBe(31);
  });

  it('reads the release from the version text', () => {
    expect(releaseOf('NetScaler NS14.1: Build 25.56.nc')).toEqual({ major: 14, minor: 1 });
    expect(releaseOf('NetScaler NS9.3: Build 50.3.cl')).toEqual({ major: 9, minor: 3 });
    expect(releaseOf('Build 25.56')).toBeUndefined();
  });
});
