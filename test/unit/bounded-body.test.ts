import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_NITRO_RESPONSE_BYTES, readBoundedText } from '../../electron/services/nitro/bounded-body.ts';

/** A stream that never ends, counting how many chunks were pulled from it. */
function endless(chunkBytes: number): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.alloc(chunkBytes, 'x');
  const stream = new Readable({
    read() {
      pulled++;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('bounded answer body', () => {
  it('gives up on an endless body after the limit, pulling no more than the limit and the stream buffer, and destroys it', async () => {
    const { stream, pulled } = endless(16 * 1024);
    expect(await readBoundedText(stream, 100 * 1024)).toBeUndefined();
    expect(stream.destroyed).toBe(true);
    // 7 chunks pass the limit; the stream's own read-ahead adds at most one more.
    expect(pulled()).toBeLessThanOrEqual(8);
  });

  it('returns a body within the limit whole, the limit itself included', async () => {
    expect(await readBoundedText(Readable.from([Buffer.from('{"errorcode":'), Buffer.from(' 0}')]), 16)).toBe('{"errorcode": 0}');
    expect(await readBoundedText(Readable.from([Buffer.from('12345')]), 4)).toBeUndefined();
  });

  it('allows a few MiB for NITRO: room for thousands of certificates, bounded for a fleet', () => {
    expect(MAX_NITRO_RESPONSE_BYTES).toBe(8 * 1024 * 1024);
  });
});
