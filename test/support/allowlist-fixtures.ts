import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The allowlist answers under test/fixtures/allowlist, as the API would send them. */
export const ALLOWLIST_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'allowlist');

export function allowlistAnswer(name: 'answer-json' | 'answer-zscaler'): unknown {
  return JSON.parse(readFileSync(join(ALLOWLIST_FIXTURES, `${name}.json`), 'utf8'));
}

/** The fetch time the zscaler fixture is normalized with (its version and validUntil come from it). */
export const FIXTURE_FETCHED_AT = new Date('2026-06-02T08:30:00.000Z');
