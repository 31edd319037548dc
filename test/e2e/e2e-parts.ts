import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openKeytar } from '../../electron/services/vault/keytar-vault.ts';
import { chromiumStatus, type PartStatus } from '../support/real-parts.ts';

/** The built renderer the bridge serves; `npx electron-vite build` writes it. */
export const RENDERER_DIR = resolve('out/renderer');

/** Chromium and the built renderer: what every end-to-end test needs. */
export function browserParts(): PartStatus {
  const chromium = chromiumStatus();
  const built = existsSync(join(RENDERER_DIR, 'index.html'));
  return combine([chromium, built ? { available: true } : { available: false, reason: 'renderer not built (npx electron-vite build)' }]);
}

/** The parts above plus a Secret Service answering on the session bus (npm test starts a throwaway one). */
export async function keychainParts(): Promise<PartStatus> {
  const keychain = await openKeytar();
  return combine([browserParts(), 'reason' in keychain ? { available: false, reason: keychain.reason } : { available: true }]);
}

function combine(parts: PartStatus[]): PartStatus {
  const reasons = parts.map((p) => p.reason).filter(Boolean);
  return { available: parts.every((p) => p.available), ...(reasons.length ? { reason: reasons.join('; ') } : {}) };
}
