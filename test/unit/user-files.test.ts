import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundleFiles } from '../../electron/services/certificates/bundle-loader.ts';
import { FileGrants } from '../../electron/services/files/file-grants.ts';
import { readUserFile, USER_FILE_MAX_BYTES } from '../../electron/services/files/read-user-file.ts';
import { readCaFile } from '../../electron/services/network/trust-store.ts';
import { FieldkitError } from '../../shared/fieldkit-error.ts';

let tmp: string;
let fifo: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fieldkit-user-files-'));
  fifo = join(tmp, 'pipe.pem');
  execFileSync('mkfifo', [fifo]);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Settles within a second or fails: a FIFO must not make the read wait for a writer. */
function soon<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('still waiting after 1 s')), 1000))]);
}

describe('reading a file the user chose', () => {
  it('reads a regular file', async () => {
    const path = join(tmp, 'small.pem');
    writeFileSync(path, 'hello');
    expect((await readUserFile(path)).toString()).toBe('hello');
  });

  it('refuses a device, a FIFO and a folder at once, and a file over the limit', async () => {
    await expect(soon(readUserFile('/dev/zero'))).rejects.toMatchObject({ code: 'FK_NOT_REGULAR_FILE' });
    await expect(soon(readUserFile(fifo))).rejects.toMatchObject({ code: 'FK_NOT_REGULAR_FILE' });
    await expect(soon(readUserFile(tmp))).rejects.toMatchObject({ code: expect.stringMatching(/FK_NOT_REGULAR_FILE|EISDIR/) });
    const big = join(tmp, 'big.pem');
    writeFileSync(big, '');
    truncateSync(big, USER_FILE_MAX_BYTES + 1);
    await expect(readUserFile(big)).rejects.toMatchObject({ code: 'FK_FILE_TOO_LARGE' });
  });

  it('says so in the bundle loader and the trust store, in the user words', async () => {
    const bundle = loadBundleFiles({ cert: { path: '/dev/zero', name: 'zero.pem' }, key: { path: fifo, name: 'pipe.pem' } });
    await expect(soon(bundle)).rejects.toMatchObject({
      code: 'BUNDLE_FILE_UNREADABLE',
      field: 'cert',
      message: 'The certificate file zero.pem could not be read: it is not a regular file (a device, a pipe or a socket).',
    });
    await expect(soon(readCaFile(fifo, 'caFiles.0'))).rejects.toMatchObject({
      code: 'TRUST_CA_FILE_UNREADABLE',
      field: 'caFiles.0',
      message: 'The CA file pipe.pem could not be read: it is not a regular file (a device, a pipe or a socket).',
    });
  });
});

describe('files granted to the window', () => {
  it('gives a token and the name, never the folder, and resolves only tokens it gave', () => {
    const grants = new FileGrants();
    const granted = grants.grant('/home/admin/certs/site.pem');
    expect(granted).toEqual({ token: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'site.pem' });
    expect(grants.resolve({ token: granted.token }, 'cert')).toEqual({ path: '/home/admin/certs/site.pem', name: 'site.pem' });
    expect(grants.resolve({ path: './key.pem' }, 'key')).toEqual({ path: './key.pem', name: './key.pem' });
    let refused: unknown;
    try {
      grants.resolve({ token: '0'.repeat(32) }, 'cert');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(FieldkitError);
    expect(refused).toMatchObject({ code: 'FILE_NOT_GRANTED', field: 'cert' });
  });
});
