/**
 * The most of one NITRO answer Fieldkit reads. The largest answer it asks for
 * is the sslcertkey listing: about 1 KiB of JSON per certificate, so 8 MiB
 * holds some 8,000 certificates, more than appliances carry in practice. A
 * fleet push talks to 25 appliances at a time, so the worst case stays near
 * 200 MiB instead of growing with whatever a broken or hostile server sends.
 */
export const MAX_NITRO_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * The body as text, or undefined as soon as it grows past `limit` bytes: the
 * stream is then destroyed (which closes the connection), so an endless answer
 * costs at most `limit` bytes and ends at once.
 */
export async function readBoundedText(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
