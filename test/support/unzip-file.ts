import { readFile } from 'node:fs/promises';
import { readZip } from '../../electron/services/files/zip-file.ts';

/** A zip file Fieldkit wrote (a support bundle, a site pack), read by the product's own reader with room to spare: name → content. */
export async function unzipFile(path: string): Promise<Map<string, Buffer>> {
  const entries = await readZip(await readFile(path), { maxEntries: 10_000, maxTotalBytes: 1024 * 1024 * 1024 });
  return new Map(entries.map((e) => [e.name, e.data]));
}
