import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_PACK_EXTENSION, SITE_PACK_MIME_TYPE, SITE_PACK_TYPE_NAME } from '../../shared/site-pack-file.ts';
import { builderPatternFilter, loadBuilderConfig, validateBuilderConfig } from '../support/builder-config.ts';

/**
 * electron-builder.yml as electron-builder itself reads it, checked without building anything (the Electron binary
 * cannot be downloaded here): its schema, the targets and macOS signing settings, the site-pack association, the
 * icons and entitlements it names, and that its `files` and `asarUnpack` patterns take what the app loads.
 * build-output.test.ts checks the built files; packaged-app-layout.test.ts lays the app out.
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
let config: Configuration;

beforeAll(async () => {
  config = await loadBuilderConfig();
});

function targets(platform: 'mac' | 'win' | 'linux'): string[] {
  const target = config[platform]?.target;
  return (Array.isArray(target) ? target : [target]).map((t) => (typeof t === 'string' ? t : (t?.target ?? '')));
}

function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  expect(data.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation, which refuses a misspelt option", async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
    const misspelt = { ...config, mac: { ...config.mac, hardenedRuntim: true } } as Configuration;
    await expect(validateBuilderConfig(misspelt)).rejects.toThrow(/does not match the API schema/);
  });

  it('names the app as package.json does', () => {
    expect(config.appId).toBe('com.fieldkit.app');
    expect(config.productName).toBe('Fieldkit');
    expect(pkg['productName']).toBe(config.productName);
  });

  it('builds an NSIS installer and a portable exe, a dmg (and zip), an AppImage and a deb', () => {
    expect(targets('win')).toEqual(['nsis', 'portable']);
    expect(targets('mac')).toEqual(['dmg', 'zip']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    // The deb's control file needs a maintainer, and keytar needs libsecret (in electron-builder's default depends).
    expect(config.linux?.maintainer).toBeTruthy();
    expect(config.deb?.depends).toBeUndefined();
  });

  it('signs for macOS under the hardened runtime with the entitlements V8 needs, and no keychain group', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toBeTruthy();
      const plist = readFileSync(file!, 'utf8');
      expect(plist).toMatch(/^<\?xml[^>]*\?>\s*<!DOCTYPE plist/);
      const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<(true|false)\/>/g)].map((m) => [m[1], m[2]]);
      expect(keys).toEqual([['com.apple.security.cs.allow-jit', 'true']]);
      // Signed with it but without a provisioning profile, macOS would refuse to start the app.
      expect(plist).not.toMatch(/<key>keychain-access-groups<\/key>/);
    }
  });

  it('associates site packs with the app, as shared/site-pack-file.ts knows them', () => {
    expect(config.fileAssociations).toEqual([
      {
        ext: SITE_PACK_EXTENSION,
        name: SITE_PACK_TYPE_NAME,
        description: SITE_PACK_TYPE_NAME,
        mimeType: SITE_PACK_MIME_TYPE,
        role: 'Editor',
      },
    ]);
  });

  it('has the icons it names: a 1024 px icon.png for macOS and Windows, and one PNG per size for Linux', () => {
    expect(config.icon).toBe('resources/icon.png');
    expect(pngSize('resources/icon.png')).toEqual({ width: 1024, height: 1024 });
    const linuxIcons = config.linux?.icon;
    expect(linuxIcons).toBe('resources/icons');
    const files = readdirSync(linuxIcons!);
    expect(files).toEqual(expect.arrayContaining(['256x256.png', '512x512.png']));
    for (const file of files) {
      const [, w, h] = /^(\d+)x(\d+)\.png$/.exec(file) ?? [];
      expect(w, `${file} is named WIDTHxHEIGHT.png`).toBeDefined();
      expect(pngSize(join(linuxIcons!, file))).toEqual({ width: Number(w), height: Number(h) });
    }
  });

  it('takes the entry, the preload and the page package.json names, and no sources or source maps', () => {
    const takes = builderPatternFilter(config, 'files');
    expect(pkg['main']).toBe('out/main/index.js');
    for (const file of [
      pkg['main'] as string,
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/renderer/assets/index-x.js',
      'package.json',
    ]) {
      expect(takes(file), file).toBe(true);
    }
    for (const file of [
      'out/main/index.js.map',
      'electron/main/index.ts',
      'shared/ipc-contract.ts',
      'resources/icon.png',
      'node_modules/zod/package.json',
    ]) {
      expect(takes(file), file).toBe(false);
    }
  });

  it("takes keytar's native module where it really is, and unpacks it from the asar", () => {
    const keytar = JSON.parse(readFileSync('node_modules/keytar/package.json', 'utf8')) as { main: string };
    const entry = join('node_modules/keytar', keytar.main);
    // keytar's entry loads its binary relative to itself: the path that must be in the package and outside the asar.
    const binding = /require\('(\.\.\/build\/Release\/[^']+\.node)'\)/.exec(readFileSync(entry, 'utf8'))?.[1];
    expect(binding).toBeDefined();
    const native = join('node_modules/keytar/lib', binding!);
    expect(existsSync(native), `${native} is built`).toBe(true);
    expect(pkg['dependencies']).toHaveProperty('keytar');
    const takes = builderPatternFilter(config, 'files');
    for (const file of ['node_modules/keytar/package.json', entry, native]) expect(takes(file), file).toBe(true);
    const unpacks = builderPatternFilter(config, 'asarUnpack');
    expect(unpacks(native)).toBe(true);
    expect(unpacks(entry)).toBe(false);
  });

  it('has no npm "files" list that could disagree: the bin and main it names exist', () => {
    expect(pkg).not.toHaveProperty('files');
    expect(existsSync((pkg['bin'] as Record<string, string>)['fieldkit']!)).toBe(true);
  });
});
