/**
 * electron-builder's own reading of electron-builder.yml, for the packaging tests: its loader (defaults merged in,
 * `files` normalised), its schema validator, and its matcher for the `files` and `asarUnpack` patterns, so a check
 * passes only where electron-builder itself would agree. Deep imports: app-builder-lib exports these from no index.
 */
import { statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';

export const PROJECT_DIR = resolve('.');

export async function loadBuilderConfig(): Promise<Configuration> {
  return getConfig(PROJECT_DIR, null, null);
}

/** Throws electron-builder's own message when the configuration does not match its schema. */
export async function validateBuilderConfig(config: Configuration): Promise<void> {
  await validateConfiguration(config, new DebugLogger(false));
}

/** Whether electron-builder's patterns of that kind take a project file (a path relative to the project). */
export function builderPatternFilter(config: Configuration, kind: 'files' | 'asarUnpack'): (relativePath: string) => boolean {
  const matchers = getFileMatchers(config, kind, '/app', {
    macroExpander: (p) => p,
    customBuildOptions: {},
    globalOutDir: resolve(PROJECT_DIR, 'dist'),
    defaultSrc: PROJECT_DIR,
  });
  if (!matchers || matchers.length !== 1) throw new Error(`Expected one set of ${kind} patterns, got ${matchers?.length ?? 0}`);
  const filter = matchers[0]!.createFilter();
  return (relativePath) => {
    const file = resolve(PROJECT_DIR, relativePath);
    const stat = statSync(file, { throwIfNoEntry: false }) ?? ({ isDirectory: () => false, isFile: () => true } as Stats);
    return filter(file, stat);
  };
}
