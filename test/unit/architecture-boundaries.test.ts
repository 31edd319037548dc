import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The design card is held by lint rules (eslint.config.js); these cases prove
 * the rules fire for each forbidden import and stay quiet for allowed ones, so
 * a config change that silently drops a boundary fails here.
 */
const eslint = new ESLint({ overrideConfig: [tseslint.configs.disableTypeChecked] });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('architecture boundaries (lint rules)', () => {
  it.each([
    ['electron/services/x/probe.ts', "import { app } from 'electron';\n", /Only electron\/main and electron\/preload/],
    ['electron/cli/commands/x.ts', "import { BrowserWindow } from 'electron';\n", /Only electron\/main and electron\/preload/],
    ['shared/schemas/x.ts', "import { ipcMain } from 'electron';\n", /Only electron\/main and electron\/preload/],
    ['renderer/src/x.tsx', "import { shell } from 'electron';\n", /Only electron\/main and electron\/preload/],
    [
      'electron/cli/commands/x.ts',
      "import { runDiagnostics } from '../../services/diagnostics/run-diagnostics.ts';\n",
      /calls engine methods/,
    ],
    ['renderer/src/pages/x.tsx', "import { createEngine } from '../../../electron/services/engine.ts';\n", /only through window\.fieldkit/],
    ['shared/x.ts', "import type { Engine } from '../electron/services/engine.ts';\n", /depends on nothing else/],
    ['electron/services/x.ts', "import { runCli } from '../cli/run-cli.ts';\n", /nothing imports it/],
    ['electron/main/x.ts', "import { ipcRenderer } from 'electron';\n", /Raw IPC lives only/],
  ])('%s: %s is refused', async (filePath, code, reason) => {
    const errors = await boundaryErrors(filePath, code);
    expect(errors.some((m) => reason.test(m))).toBe(true);
  });

  it.each([
    ['electron/cli/commands/x.ts', "import type { Engine } from '../../services/engine.ts';\n"],
    ['electron/main/x.ts', "import { BrowserWindow } from 'electron';\n"],
    ['electron/main/ipc-bind.ts', "import { ipcMain } from 'electron';\n"],
    ['renderer/src/x.tsx', "import type { ChannelName } from '../../shared/ipc-channels.ts';\n"],
  ])('%s: %s is allowed', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });

  it('every channel name has a schema and nothing else is exposed', async () => {
    const { CHANNEL_NAMES, EVENT_NAMES } = await import('../../shared/ipc-channels.ts');
    const { channels, events } = await import('../../shared/ipc-contract.ts');
    expect(Object.keys(channels).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort());
  });
});
