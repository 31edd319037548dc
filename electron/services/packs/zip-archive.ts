import { hasControlCharacter } from '../../../shared/schemas/network-names.ts';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * The zip container of a site pack: plain PKZIP (stored or deflated entries,
 * UTF-8 names, no ZIP64, no encryption, no data descriptors), written and read
 * with Node's zlib. Reading trusts nothing: every size is bounded before memory
 * is spent on it, every name is a plain relative path, and every entry's
 * CRC-32 and length must match the central directory.
 */

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export interface ZipLimits {
  maxEntries: number;
  /** Of all entries together, after inflating. */
  maxTotalBytes: number;
}

/** What was wrong with an archive, in words that may reach the user (no paths, no contents). */
export class ZipDamaged extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipDamaged';
  }
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;

function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

export function writeZip(entries: ZipEntry[], at: Date): Buffer {
  const { time, date } = dosDateTime(at);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = deflateRawSync(entry.data);
    // Small or incompressible entries are stored: deflate would only make them larger.
    const [method, body] = deflated.length < entry.data.length ? [DEFLATED, deflated] : [STORED, entry.data];
    const crc = crc32(entry.data);
    const local = Buffer.alloc(LOCAL_HEADER);
    local.writeUInt32LE(LOCAL_SIG, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(CENTRAL_HEADER);
    central.writeUInt32LE(CENTRAL_SIG, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += LOCAL_HEADER + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(END_RECORD);
  end.writeUInt32LE(END_SIG, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A name that stays inside the archive's own tree: no absolute path, no "..", no backslash, no control character. */
function safeName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 200 &&
    !name.startsWith('/') &&
    !name.includes('\\') &&
    !hasControlCharacter(name) &&
    name.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}

export function readZip(zip: Buffer, limits: ZipLimits): ZipEntry[] {
  if (zip.length < END_RECORD) throw new ZipDamaged('The file is too short to be a site pack.');
  // No archive comment is written, so the end record is exactly at the end; anything else is a truncated or foreign file.
  const endAt = zip.length - END_RECORD;
  if (zip.readUInt32LE(endAt) !== END_SIG || zip.readUInt16LE(endAt + 20) !== 0) {
    throw new ZipDamaged('The file does not end like a site pack: it is incomplete (cut short while copying?) or not a site pack.');
  }
  const count = zip.readUInt16LE(endAt + 10);
  const dirSize = zip.readUInt32LE(endAt + 12);
  const dirAt = zip.readUInt32LE(endAt + 16);
  if (count > limits.maxEntries) throw new ZipDamaged(`The pack holds ${count} files; a site pack holds at most ${limits.maxEntries}.`);
  if (dirAt + dirSize !== endAt) throw new ZipDamaged("The pack's table of contents is not where it should be: the file is damaged.");
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let at = dirAt;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_HEADER > endAt || zip.readUInt32LE(at) !== CENTRAL_SIG) {
      throw new ZipDamaged("The pack's table of contents is damaged.");
    }
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const nameEnd = at + CENTRAL_HEADER + nameLength;
    if (nameEnd > endAt) throw new ZipDamaged("The pack's table of contents is damaged.");
    const name = zip.toString('utf8', at + CENTRAL_HEADER, nameEnd);
    at = nameEnd + extraLength + commentLength;
    if (!safeName(name) || seen.has(name)) throw new ZipDamaged('The pack names a file in a way Fieldkit does not accept.');
    seen.add(name);
    // Bit 0: encrypted; bit 3: sizes after the data. Fieldkit writes neither.
    if ((flags & 0x0009) !== 0 || (method !== STORED && method !== DEFLATED)) {
      throw new ZipDamaged(`The pack's file "${name}" is stored in a way Fieldkit does not write.`);
    }
    total += size;
    if (total > limits.maxTotalBytes) throw new ZipDamaged(`The pack unpacks to more than ${limits.maxTotalBytes} bytes.`);
    if (localAt + LOCAL_HEADER > dirAt || zip.readUInt32LE(localAt) !== LOCAL_SIG) {
      throw new ZipDamaged(`The pack's file "${name}" is damaged.`);
    }
    const bodyAt = localAt + LOCAL_HEADER + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    if (bodyAt + compressed > dirAt) throw new ZipDamaged(`The pack's file "${name}" is cut short.`);
    const body = zip.subarray(bodyAt, bodyAt + compressed);
    let data: Buffer;
    try {
      data = method === STORED ? Buffer.from(body) : inflateRawSync(body, { maxOutputLength: Math.max(1, size) });
    } catch {
      throw new ZipDamaged(`The pack's file "${name}" is damaged.`);
    }
    if (data.length !== size || crc32(data) !== crc) throw new ZipDamaged(`The pack's file "${name}" is damaged.`);
    entries.push({ name, data });
  }
  return entries;
}
