import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplianceProfile } from '../../shared/schemas/certificates.ts';
import type { SyncWatchEvent } from '../../shared/schemas/syncs.ts';
import type { Engine } from '../../electron/services/engine.ts';
import type { NitroSimulator } from '../nitro-sim/nitro-simulator.ts';
import { getPassword, profileFor, seedCertkey, type CertWorld } from './cert-push-fixtures.ts';
import type { Issued } from './test-pki.ts';

/**
 * A sync's source folder as an ACME client keeps it (cert.pem, privkey.pem,
 * chain.pem), an appliance that already has the chain's CAs, and its saved
 * profile, for sync run and watch tests.
 */
export interface SyncSourceFolder {
  dir: string;
  cert: string;
  key: string;
  chain: string;
  /** Writes both files aside and renames them into place, the way an ACME client replaces them. */
  replace(issued: Issued): void;
}

const made: string[] = [];

/** Removes every source folder sourceFolder() made (a test file's afterEach). */
export function removeSourceFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function sourceFolder(w: CertWorld, first: Issued): SyncSourceFolder {
  const dir = mkdtempSync(join(tmpdir(), 'fieldkit-sync-src-'));
  made.push(dir);
  const folder: SyncSourceFolder = {
    dir,
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'privkey.pem'),
    chain: join(dir, 'chain.pem'),
    replace(issued) {
      writeFileSync(`${folder.cert}.new`, issued.certPem);
      writeFileSync(`${folder.key}.new`, issued.keyPem);
      renameSync(`${folder.cert}.new`, folder.cert);
      renameSync(`${folder.key}.new`, folder.key);
    },
  };
  writeFileSync(folder.chain, w.inter.certPem + w.interHigh.certPem + w.root.certPem);
  writeFileSync(folder.cert, first.certPem);
  writeFileSync(folder.key, first.keyPem);
  return folder;
}

/** The appliance has the public CAs already, as one that serves sites of this CA would. */
export function seedCas(s: NitroSimulator, w: CertWorld): void {
  seedCertkey(s, 'fk-root', w.root);
  seedCertkey(s, 'inter-high', w.interHigh, { linkTo: 'fk-root' });
  seedCertkey(s, 'inter', w.inter, { linkTo: 'inter-high' });
  s.resetRequestLog();
}

export async function saveApplianceFor(engine: Engine, s: NitroSimulator): Promise<string> {
  const profile = ApplianceProfile.parse(await profileFor(s));
  await engine.profiles.appliances.save(profile, getPassword());
  return profile.id;
}

/** The certkeys on the simulator's default partition, by name. */
export function certkeysOn(s: NitroSimulator): string[] {
  return s
    .snapshot()
    .partitions.find((p) => p.name === 'default')!
    .certkeys.map((c) => c.certkey)
    .sort();
}

/** Collects a watch's events and waits for the one a test expects. */
export class EventLog {
  readonly events: SyncWatchEvent[] = [];
  private waiters: Array<{ test: (e: SyncWatchEvent) => boolean; done: (e: SyncWatchEvent) => void }> = [];

  readonly push = (e: SyncWatchEvent): void => {
    this.events.push(e);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(e)) return true;
      w.done(e);
      return false;
    });
  };

  kinds(kind: SyncWatchEvent['kind']): SyncWatchEvent[] {
    return this.events.filter((e) => e.kind === kind);
  }

  next(test: (e: SyncWatchEvent) => boolean, timeoutMs = 8_000): Promise<SyncWatchEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`no such watch event within ${timeoutMs} ms; saw: ${this.events.map((e) => `${e.kind} ${e.message}`).join(' | ')}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        test,
        done: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }
}
