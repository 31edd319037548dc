import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The design card as a test: which code may touch Electron and raw IPC. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|mjs)$/.test(name) ? [path] : [];
  });
}

const importsElectron = /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/;

describe('architecture boundaries', () => {
  it.each(['electron/services', 'electron/cli', 'shared', 'renderer/src'])('%s never imports electron', (dir) => {
    const offenders = sourceFiles(dir).filter((f) => importsElectron.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('raw ipcMain and ipcRenderer appear only in the two contract wrappers', () => {
    const allowed = new Set(['electron/main/ipc-bind.ts', 'electron/preload/index.ts']);
    const offenders = [...sourceFiles('electron'), ...sourceFiles('renderer/src'), ...sourceFiles('shared')]
      .map((f) => relative('.', f))
      .filter((f) => !allowed.has(f) && /\bipc(Main|Renderer)\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('every channel name has a schema and nothing else is exposed', async () => {
    const { CHANNEL_NAMES, EVENT_NAMES } = await import('../../shared/ipc-channels.ts');
    const { channels, events } = await import('../../shared/ipc-contract.ts');
    expect(Object.keys(channels).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort());
  });
});
