import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_REGISTRY, isInputError } from '../../shared/error-catalog.ts';
import { FieldkitError } from '../../shared/fieldkit-error.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const CATALOG_FILES = new Set([
  'shared/error-catalog.ts',
  'shared/certificates-error-catalog.ts',
  'shared/diagnostics-error-catalog.ts',
  'shared/syncs-error-catalog.ts',
  'shared/allowlist-error-catalog.ts',
  'shared/support-error-catalog.ts',
  'shared/site-packs-error-catalog.ts',
]);
const sources = ['electron', 'shared', 'renderer/src']
  .flatMap(sourceFiles)
  .map((path) => ({ path: relative('.', path), text: readFileSync(path, 'utf8') }))
  .filter((f) => !CATALOG_FILES.has(f.path));

/** Every place a code is given by name: an error's constructor, a result's `code:`, a file's notice codes. */
const CODE_USES = [
  /new (?:FieldkitError|NitroFailure)\(\s*'([A-Z][A-Z0-9_]+)'/g,
  /\bcode:\s*'([A-Z][A-Z0-9_]+)'/g,
  /\b(?:corrupt|tooNew):\s*'([A-Z][A-Z0-9_]+)'/g,
];

/**
 * A probe phase's outcome carries the socket's own code (Node's ECONNREFUSED…,
 * or these two for a phase that ran out of time or was cancelled); the
 * classifier turns it into a diagnostics result, it is never thrown.
 */
const PHASE_OUTCOME_CODES = new Set(['ABORTED', 'TIMEOUT']);

function codesUsed(): Array<{ code: string; path: string }> {
  return sources
    .flatMap(({ path, text }) => CODE_USES.flatMap((re) => [...text.matchAll(re)].map((m) => ({ code: m[1]!, path }))))
    .filter(({ code }) => !PHASE_OUTCOME_CODES.has(code));
}

describe('error registry', () => {
  it('knows every code the product throws or reports', () => {
    const used = codesUsed();
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter(({ code }) => !Object.hasOwn(ERROR_REGISTRY, code))).toEqual([]);
  });

  it('holds no code that nothing uses', () => {
    const all = sources.map((s) => s.text).join('\n');
    const unused = Object.keys(ERROR_REGISTRY).filter((code) => !all.includes(`'${code}'`));
    expect(unused).toEqual([]);
  });

  it('gives every error its catalog words unless the caller has better ones', () => {
    const plain = new FieldkitError('PROFILE_NOT_FOUND');
    expect(plain.message).toBe(ERROR_REGISTRY.PROFILE_NOT_FOUND.message);
    expect(plain.hint).toBe(ERROR_REGISTRY.PROFILE_NOT_FOUND.hint);
    const precise = new FieldkitError('PROFILE_NOT_FOUND', 'There is no appliance profile "adc-9".');
    expect(precise.message).toBe('There is no appliance profile "adc-9".');
    expect(precise.hint).toBe(ERROR_REGISTRY.PROFILE_NOT_FOUND.hint);
  });

  it('marks the codes that mean the input is wrong, and only those', () => {
    expect(isInputError('INVALID_INPUT')).toBe(true);
    expect(isInputError('DIAG_INVALID_CCID')).toBe(true);
    expect(isInputError('PFX_PASSPHRASE_WRONG')).toBe(true);
    expect(isInputError('APPLIANCE_TIMEOUT')).toBe(false);
    expect(isInputError('NOT_A_CODE')).toBe(false);
  });

  it('turns a code from the wire that this build does not know into INTERNAL, keeping the words', () => {
    const e = FieldkitError.fromInfo({ code: 'FROM_A_NEWER_BUILD', message: 'Something new went wrong.' });
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('Something new went wrong.');
  });
});
