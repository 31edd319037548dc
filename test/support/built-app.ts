import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The built bundles the tests of the build read (npm test builds first; alone, run `npx electron-vite build`). */
export const MAIN_BUNDLE = 'out/main/index.js';

function newestSource(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|css|html)$/.test(e.name))
    .reduce((newest, e) => Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
}

/** Refuses to test a build older than the sources it comes from: the test would pass or fail for old code. */
export function requireFreshBuild(sourceDirs: string[] = ['electron/main', 'electron/preload', 'shared']): void {
  const built = statSync(MAIN_BUNDLE, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built < Math.max(...sourceDirs.map(newestSource)))
    throw new Error(`out/ is missing or older than ${sourceDirs.join(', ')}: run \`npx electron-vite build\` first.`);
}
