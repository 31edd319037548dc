import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACK_FORMAT_VERSION } from '../../shared/schemas/site-packs.ts';
import { PLANTED, packEngine } from '../support/site-pack-fixtures.ts';
import type { TestEngine } from '../support/test-engine.ts';

/** Every released format's pack still imports: the pack in test/fixtures/site-packs was written by that format and is never rewritten. */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'site-packs');
let te: TestEngine | undefined;
afterEach(() => {
  te?.close();
  te = undefined;
});

describe('site packs of released formats', () => {
  it('keeps a pack of every format up to the current one', () => {
    const formats = readdirSync(FIXTURES)
      .flatMap((f) => /^format-(\d+)\.fieldkit$/.exec(f)?.[1] ?? [])
      .map(Number);
    expect(formats.sort()).toEqual(Array.from({ length: PACK_FORMAT_VERSION }, (_, i) => i + 1));
  });

  it('imports format 1 with its secrets into a fresh data folder', async () => {
    te = await packEngine('fixture-1');
    const path = join(FIXTURES, 'format-1.fieldkit');
    const inspection = await te.engine.packs.inspect({ path });
    expect(inspection.pack).toMatchObject({
      formatVersion: 1,
      holds: { sites: ['Acme Berlin'], appliances: 2, syncs: 1, channels: 1, secrets: true },
    });
    const result = await te.engine.packs.import({ path }, { passphrase: PLANTED.passphrase });
    expect(result.items.every((i) => i.outcome === 'added')).toBe(true);
    expect(result.secretsSaved).toBe(5);
    const site = await te.engine.sites.get('Acme Berlin');
    expect(site).toMatchObject({ notes: 'Gate code 4471; ask for Jo.', proxyProfileId: 'proxy-acme', onboarding: { workflow: 2 } });
    expect(await te.engine.profiles.appliances.password('adc-b')).toBe(PLANTED.peerPassword);
    expect((await te.engine.notifications.channel('Acme ops')).secretSaved).toBe(true);
    const sync = await te.engine.syncs.get({ sync: 'web' });
    expect(sync).toMatchObject({ passphraseSaved: true, destinations: [{ applianceId: 'adc-a' }] });
    expect(sync.source.files.map((f) => f.role).sort()).toEqual(['cert', 'chain', 'key']);
  });
});
