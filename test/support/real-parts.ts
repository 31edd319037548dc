import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/**
 * Tests that need a real part (Chromium, a Secret Service, Squid) skip with
 * one clear line on a machine without it, except under FIELDKIT_REQUIRE_ALL=1
 * (CI), where a missing part fails the run instead.
 */
export const REQUIRE_ALL = process.env['FIELDKIT_REQUIRE_ALL'] === '1';

export interface PartStatus {
  available: boolean;
  reason?: string;
}

export function describeWithPart(part: string, status: PartStatus, title: string, body: () => void): void {
  if (status.available) {
    describe(title, body);
    return;
  }
  if (REQUIRE_ALL) {
    describe(title, () => {
      it(`needs ${part}`, () => {
        throw new Error(`${part} is required (FIELDKIT_REQUIRE_ALL=1) but missing: ${status.reason ?? 'not found'}`);
      });
    });
    return;
  }
  console.log(`[skip] ${title}: ${part} is not available here (${status.reason ?? 'not found'})`);
  describe.skip(title, body);
}

export function chromiumPath(): string {
  return process.env['FIELDKIT_CHROMIUM'] ?? '/usr/bin/chromium';
}

export function chromiumStatus(): PartStatus {
  const path = chromiumPath();
  return existsSync(path)
    ? { available: true }
    : { available: false, reason: `no browser at ${path} (apt-get install chromium, or set FIELDKIT_CHROMIUM)` };
}

/** Debian's ansible-core (ansible-playbook), which runs the exported playbooks, and PyYAML, the parser it reads them with. */
export function ansibleStatus(): PartStatus {
  const version = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (version.status !== 0) return { available: false, reason: 'no ansible-playbook on the PATH (apt-get install ansible-core)' };
  return { available: true };
}

/** `unshare -rn`: a process in a network namespace of its own, with no interface up, as a computer with no network. */
export function noNetworkNamespaceStatus(): PartStatus {
  const probe = spawnSync('unshare', ['-rn', 'true'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.status !== 0) {
    return {
      available: false,
      reason: `unshare -rn failed (${(probe.stderr || String(probe.error ?? '')).trim() || 'util-linux missing, or user namespaces disabled'})`,
    };
  }
  return { available: true };
}
