import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { builderPatternFilter, loadBuilderConfig } from '../support/builder-config.ts';
import { MAIN_BUNDLE, requireFreshBuild } from '../support/built-app.ts';

/**
 * What `electron-vite build` leaves in out/ is everything the packaged app loads: the main bundle, which requires
 * nothing but Electron, Node's own modules and keytar; the files it loads relative to itself; the page and every
 * asset it names; and electron-builder's `files` patterns take all of it. Reads the build (npm test builds first).
 */
const OUT = 'out';
let config: Configuration;
let main: string;

beforeAll(async () => {
  requireFreshBuild(['electron', 'shared', 'renderer']);
  config = await loadBuilderConfig();
  main = readFileSync(MAIN_BUNDLE, 'utf8');
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative('.', join(e.parentPath, e.name)).split('\\').join('/'));
}

/** Every module the bundle loads at run time: its static imports, and what it requires through createRequire. */
function modulesLoadedBy(source: string): Set<string> {
  const ids = new Set<string>();
  for (const m of source.matchAll(/^import\s+(?:[^'"]*?\sfrom\s+)?["']([^"']+)["'];?$/gm)) ids.add(m[1]!);
  for (const m of source.matchAll(/\b(?:__require|createRequire\([^)]*\))\(\s*["']([^"']+)["']\s*\)/g)) ids.add(m[1]!);
  // A dynamic import in code, not in a comment: bundled libraries keep their JSDoc, full of {import('./types')}.
  for (const m of source.matchAll(/^(?!\s*(?:\*|\/\/|\/\*)).*?\bimport\(\s*["']([^"']+)["']\s*\)/gm)) ids.add(m[1]!);
  return ids;
}

describe('the build output, as the packaged app loads it', () => {
  it('has the entry package.json names, the CommonJS preload and the page', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; type: string };
    expect(pkg.main).toBe(MAIN_BUNDLE);
    // out/main/index.js is an ES module: the package.json that goes into the asar says so.
    expect(pkg.type).toBe('module');
    for (const file of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html']) expect(existsSync(file), file).toBe(true);
  });

  it('main requires nothing but Electron, Node itself and keytar: its dependencies are bundled', () => {
    const loaded = [...modulesLoadedBy(main)];
    expect(loaded).toContain('electron');
    expect(loaded).toContain('keytar');
    expect(loaded.filter((id) => id !== 'electron' && id !== 'keytar' && !isBuiltin(id))).toEqual([]);
    // The check sees what it must: a stray external would show up as an import.
    const sample =
      'import { z } from "zod";\nconst k = createRequire(import.meta.url)("keytar");\n * @type {import("./x")}\nawait import("p-limit");';
    expect([...modulesLoadedBy(sample)]).toEqual(['zod', 'keytar', 'p-limit']);
  });

  it('main finds the preload and the page beside itself', () => {
    const relativeFiles = [...main.matchAll(/join\(import\.meta\.dirname,\s*"([^"]+)"\)/g)].map((m) => m[1]!);
    expect(relativeFiles.sort()).toEqual(['../preload/index.cjs', '../renderer']);
    for (const rel of relativeFiles) {
      const target = resolve(dirname(MAIN_BUNDLE), rel);
      expect(existsSync(target), rel).toBe(true);
      expect(relative(resolve(OUT), target).startsWith('..'), `${rel} stays inside out/`).toBe(false);
    }
  });

  it('the page names only files that were built, and loads nothing from elsewhere', () => {
    const html = readFileSync('out/renderer/index.html', 'utf8');
    const fromHtml = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(fromHtml.length).toBeGreaterThan(1);
    for (const ref of fromHtml) {
      expect(ref, 'no URL outside the app').toMatch(/^\.\/assets\//);
      expect(existsSync(join('out/renderer', ref)), ref).toBe(true);
    }
    const assets = filesUnder('out/renderer/assets');
    for (const file of assets.filter((f) => /\.(js|css)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      const named = [...text.matchAll(/(?:assets\/|["'(]\.\/)([\w.-]+\.(?:js|css|woff2?|svg|png))\b/g)].map((m) => m[1]!);
      for (const name of named) expect(existsSync(join('out/renderer/assets', name)), `${file} names ${name}`).toBe(true);
    }
  });

  it("electron-builder's files patterns take every built file but source maps", () => {
    const takes = builderPatternFilter(config, 'files');
    const built = filesUnder(OUT).filter((f) => !f.endsWith('.map'));
    expect(built.length).toBeGreaterThan(3);
    expect(built.filter((f) => !takes(f))).toEqual([]);
  });
});
