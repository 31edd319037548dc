import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type { Configuration } from 'app-builder-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuilderConfig } from '../support/builder-config.ts';
import { requireFreshBuild } from '../support/built-app.ts';

/**
 * electron-builder lays the app out for real (`--linux dir`, the unpacked app every installer is made from) around a
 * stand-in for Electron's distribution, and the asar it wrote is read back with @electron/asar. The Electron binary
 * cannot be downloaded here, so `electronDist` points at a folder whose `electron` holds only the fuse wire (the
 * sentinel, the version, the length and Electron's default values): electron-builder copies it as the app's
 * executable and flips the fuses in it exactly as in the real binary. Not covered here, because they need the
 * network: downloading Electron and rebuilding keytar for it (npmRebuild, off for this run), and the installers
 * themselves (AppImage, deb, dmg, NSIS), which electron-builder makes from this same layout. Reads the build
 * (npm test builds first); takes about 15 s, most of it electron-builder listing the dependencies with npm.
 */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults, by FuseV1Options index: run as Node on, cookie encryption off, NODE_OPTIONS on, --inspect on,
// asar integrity off, only app.asar off, browser V8 snapshot off, file:// privileges on.
const DEFAULT_FUSES = '10110001';

const work = mkdtempSync(join(tmpdir(), 'fieldkit-package-'));
let config: Configuration;
let appDir = '';
let asar = '';
let builderOutput = '';

beforeAll(() => {
  requireFreshBuild(['electron', 'shared', 'renderer']);
  const electronDist = join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(
    join(electronDist, 'electron'),
    Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, DEFAULT_FUSES.length]), Buffer.from(DEFAULT_FUSES)]),
    { mode: 0o755 },
  );
  const output = join(work, 'dist');
  const r = spawnSync(
    join('node_modules', '.bin', 'electron-builder'),
    ['--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`, '-c.npmRebuild=false'],
    { encoding: 'utf8', timeout: 150_000, env: { ...process.env, CI: '1' } },
  );
  builderOutput = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`electron-builder failed (${r.status ?? r.signal}):\n${builderOutput}`);
  const unpacked = readdirSync(output).find((d) => d.startsWith('linux') && d.endsWith('unpacked'));
  appDir = join(output, unpacked ?? 'linux-unpacked');
  asar = join(appDir, 'resources', 'app.asar');
}, 180_000);

beforeAll(async () => {
  config = await loadBuilderConfig();
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The files in the asar (not its folders), without the leading slash. */
function asarFiles(): string[] {
  return listPackage(asar, { isPack: false })
    .map((p) =>
      p
        .replace(/^[\\/]/, '')
        .split('\\')
        .join('/'),
    )
    .filter((p) => !('files' in statFile(asar, p)));
}

function builtFiles(): string[] {
  return readdirSync('out', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.map'))
    .map((e) => join(e.parentPath, e.name).split('\\').join('/'));
}

describe('the packaged app, laid out by electron-builder around a stand-in Electron', () => {
  it('has the executable and the asar', () => {
    expect(existsSync(join(appDir, 'fieldkit')), builderOutput).toBe(true);
    expect(existsSync(asar), builderOutput).toBe(true);
  });

  it('carries the build, package.json and keytar, and nothing else', () => {
    const expected = [
      ...builtFiles(),
      'package.json',
      'node_modules/keytar/package.json',
      'node_modules/keytar/lib/keytar.js',
      'node_modules/keytar/build/Release/keytar.node',
    ].sort();
    expect(asarFiles().sort()).toEqual(expected);
  });

  it('starts from the package.json main, which is in the asar', () => {
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string; type: string; productName: string };
    expect(pkg.main).toBe('out/main/index.js');
    expect(pkg.type).toBe('module');
    expect(asarFiles()).toContain(pkg.main);
  });

  it("unpacks keytar's native module beside the asar, where Electron loads it from", () => {
    const native = 'node_modules/keytar/build/Release/keytar.node';
    expect(statFile(asar, native)).toMatchObject({ unpacked: true });
    expect(existsSync(join(`${asar}.unpacked`, native))).toBe(true);
    // The JavaScript stays in the asar: only what cannot be loaded from inside it is outside.
    expect(statFile(asar, 'out/main/index.js')).not.toHaveProperty('unpacked', true);
  });

  it('flips the fuses electron-builder.yml asks for in the executable', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'fieldkit'));
    const on = (option: FuseV1Options) => String.fromCharCode(wire[option] as number) === '1';
    const fuses = config.electronFuses!;
    expect(on(FuseV1Options.RunAsNode)).toBe(fuses.runAsNode);
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(fuses.enableCookieEncryption);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(fuses.enableNodeOptionsEnvironmentVariable);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(fuses.enableNodeCliInspectArguments);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(fuses.enableEmbeddedAsarIntegrityValidation);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(fuses.onlyLoadAppFromAsar);
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(fuses.grantFileProtocolExtraPrivileges);
    // The stand-in started with Electron's defaults: electron-builder really wrote the wire.
    expect(String.fromCharCode(...Object.values(wire).filter((v): v is number => typeof v === 'number'))).not.toBe(DEFAULT_FUSES);
  });
});
