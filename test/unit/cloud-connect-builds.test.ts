import { describe, expect, it } from 'vitest';
import { registerCloudConnectCommand } from '../../electron/cli/commands/cloudconnect.ts';
import { adviseForBuild, BUILD_FEATURE_ROWS, formatBuild, parseConsoleBuild } from '../../shared/cloud-connect-builds.ts';
import { runCli } from '../support/cli-runner.ts';
import type { TestEngine } from '../support/test-engine.ts';

/** The documentation's build table: every row, its edges, the gaps between rows, and the forms a build is written in. */

const rowFor = (text: string) => {
  const a = adviseForBuild(parseConsoleBuild(text));
  return a.documented ? a.row.label : `not documented: ${a.reason}`;
};

describe('Console build feature advisor', () => {
  it('reads a build however an admin writes it', () => {
    for (const text of [
      '14.1-66.12',
      '14.1 66.12',
      '14.1-66.x',
      '14.1 66.x',
      '14.1-66',
      'NS14.1: Build 66.12.nc',
      'NetScaler NS14.1: Build 66.12.nc, Date: Jun 12 2025',
      '14.1 build 66.12',
    ]) {
      expect(formatBuild(parseConsoleBuild(text)), text).toMatch(/^14\.1-66\.(12|x)$/);
    }
    for (const garbage of ['', 'latest', '14', '14.1', 'v14.1-66.12', '14.1-abc', '66.12']) {
      expect(() => parseConsoleBuild(garbage), garbage).toThrowError(/is not a NetScaler Console build/);
    }
  });

  it('gives each documented row at its edges, the highest that applies', () => {
    const cases: Array<[string, string]> = [
      ['14.1-4.x', '14.1-4.x or earlier'],
      ['14.1-1.5', '14.1-4.x or earlier'],
      ['14.1-8.x', 'Between 14.1-8.x and 14.1-21.x'],
      ['14.1-21.40', 'Between 14.1-8.x and 14.1-21.x'],
      ['14.1-25.x', '14.1-25.x and later'],
      ['14.1-50.9', '14.1-25.x and later'],
      ['14.1-51.x', '14.1-51.x and later'],
      ['14.1-55.x', '14.1-51.x and later'],
      ['14.1-56.x', '14.1-56.x and later'],
      ['14.1-66.12', '14.1-66.x and later'],
      ['14.1-70.1', '14.1-66.x and later'],
    ];
    for (const [build, label] of cases) expect(rowFor(build), build).toBe(label);
    expect(new Set(cases.map(([, l]) => l))).toEqual(new Set(BUILD_FEATURE_ROWS.map((r) => r.label)));
  });

  it('says "not documented" for the gaps between rows and for other release lines, never a guess', () => {
    for (const build of ['14.1-5.x', '14.1-7.2', '14.1-22.x', '14.1-24.9'])
      expect(rowFor(build), build).toMatch(/^not documented: .*falls between/);
    for (const build of ['13.1-49.13', '13.0-92.x', '15.0-1.x'])
      expect(rowFor(build), build).toMatch(/^not documented: .*release 1\d\.\d is not documented/);
  });

  it('carries every column: Security Advisory only on 14.1-8.x to 14.1-21.x, data collected only there, the proxy CA from 66.x', () => {
    const sa = adviseForBuild(parseConsoleBuild('14.1-12.x'));
    expect(sa).toMatchObject({
      documented: true,
      row: { features: ['Security Advisory', 'ServiceNow Integration'], dataCollection: expect.stringMatching(/^Yes/) },
    });
    for (const b of ['14.1-25.x', '14.1-51.x', '14.1-66.x']) {
      const a = adviseForBuild(parseConsoleBuild(b));
      expect(a.documented && a.row.features.includes('Security Advisory'), b).toBe(false);
      expect(a.documented && a.row.dataCollection, b).toBe('No');
    }
    expect(adviseForBuild(parseConsoleBuild('14.1-66.x'))).toMatchObject({
      proxyCaUpload: true,
      row: { features: expect.arrayContaining(['Upgrade Advisory']) },
    });
    expect(adviseForBuild(parseConsoleBuild('14.1-56.x'))).toMatchObject({ proxyCaUpload: false });
  });

  it('fieldkit cloudconnect features: the row as text or JSON, exit 2 for a string that is not a build', async () => {
    const te = {} as TestEngine;
    const text = await runCli(registerCloudConnectCommand, ['cloudconnect', 'features', 'NS14.1: Build 66.12.nc'], {}, te);
    expect(text.code).toBe(0);
    expect(text.out.join('\n')).toMatch(
      /Console 14\.1-66\.12 \(documented as "14\.1-66\.x and later"\):\n {2}Features through Cloud Connect: LAS-based licensing, ServiceNow Integration, Asset Delivery, Upgrade Advisory/,
    );
    const json = await runCli(registerCloudConnectCommand, ['cloudconnect', 'features', '14.1-22.x', '--json'], {}, te);
    expect(JSON.parse(json.out.join(''))).toMatchObject({ documented: false });
    const bad = await runCli(registerCloudConnectCommand, ['cloudconnect', 'features', 'latest'], {}, te);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toMatch(/"latest" is not a NetScaler Console build/);
  });
});
