import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * The one place that reads a file the user chose (a certificate, a key, a PFX,
 * a CA file). Only a regular file up to a small size is read: a device such as
 * /dev/zero would fill memory and a FIFO would wait for a writer forever, so
 * both are refused at once, before any byte is read.
 */

/** Larger than any certificate, key, PFX or CA bundle an admin hands Fieldkit. */
export const USER_FILE_MAX_BYTES = 1024 * 1024;

/** Why a user file was refused, as an errno-like code (not a FieldkitError code) that file-read-failure.ts puts in the user's words. */
type RefusalCode = 'FK_NOT_REGULAR_FILE' | 'FK_FILE_TOO_LARGE';

export class UserFileRefused extends Error {
  readonly code: RefusalCode;
  constructor(code: RefusalCode, message: string) {
    super(message);
    this.name = 'UserFileRefused';
    this.code = code;
  }
}

export async function readUserFile(path: string, opts: { maxBytes?: number } = {}): Promise<Buffer> {
  const maxBytes = opts.maxBytes ?? USER_FILE_MAX_BYTES;
  // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting (it is then refused by fstat).
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UserFileRefused('FK_NOT_REGULAR_FILE', `${path} is not a regular file.`);
    if (stat.size > maxBytes) throw new UserFileRefused('FK_FILE_TOO_LARGE', `${path} is larger than ${maxBytes} bytes.`);
    // Read one byte past the limit: a file that grew since fstat is refused rather than cut short.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new UserFileRefused('FK_FILE_TOO_LARGE', `${path} is larger than ${maxBytes} bytes.`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
