import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { hasControlCharacter } from '../../../shared/schemas/network-names.ts';

/**
 * The zip files Fieldkit writes (site packs, support bundles), held in memory:
 * written with yazl, read with yauzl. Reading trusts nothing: the entry count
 * and every declared size are checked against the limits before a byte is
 * inflated, every name is a plain relative path, and every entry's length and
 * CRC-32 must match its directory record (yauzl checks the length, not the CRC).
 */

export interface ZipEntry {
  /** The path inside the archive, with forward slashes. */
  name: string;
  data: Buffer;
}

export interface ZipLimits {
  maxEntries: number;
  /** Of all entries together, after inflating. */
  maxTotalBytes: number;
  /** Of any one entry, after inflating; maxTotalBytes when not given. */
  maxEntryBytes?: number;
}

/** What was wrong with an archive: a reader that owns the file (a site pack) puts it in its own words. */
export type ZipProblem =
  | { kind: 'too-short' }
  | { kind: 'no-end' }
  | { kind: 'zip64' }
  | { kind: 'directory-damaged' }
  | { kind: 'too-many-entries'; count: number; max: number }
  | { kind: 'bad-name' }
  | { kind: 'unsupported-entry'; name: string }
  | { kind: 'entry-too-large'; name: string; max: number }
  | { kind: 'too-large'; max: number }
  | { kind: 'entry-damaged'; name: string };

/** How the user calls the file, for the words of a refusal: a site pack reads "The file is too short to be a site pack." */
export interface ZipFileWords {
  /** "a site pack" */
  a: string;
  /** "the pack" */
  the: string;
}

const ZIP_WORDS: ZipFileWords = { a: 'a zip file', the: 'the zip file' };

function describe(problem: ZipProblem, { a, the }: ZipFileWords): string {
  const The = the.charAt(0).toUpperCase() + the.slice(1);
  switch (problem.kind) {
    case 'too-short':
      return `The file is too short to be ${a}.`;
    case 'no-end':
      return `The file does not end like ${a}: it is incomplete (cut short while copying?) or not ${a}.`;
    case 'zip64':
      return `${The} was rewritten in a form Fieldkit does not write (ZIP64).`;
    case 'directory-damaged':
      return `${The}'s table of contents is damaged.`;
    case 'too-many-entries':
      return `${The} holds ${problem.count} files; ${a} holds at most ${problem.max}.`;
    case 'bad-name':
      return `${The} names a file in a way Fieldkit does not accept.`;
    case 'unsupported-entry':
      return `${The}'s file "${problem.name}" is stored in a way Fieldkit does not write.`;
    case 'entry-too-large':
      return `${The}'s file "${problem.name}" unpacks to more than ${problem.max} bytes.`;
    case 'too-large':
      return `${The} unpacks to more than ${problem.max} bytes.`;
    case 'entry-damaged':
      return `${The}'s file "${problem.name}" is damaged.`;
  }
}

export class ZipDamaged extends Error {
  readonly problem: ZipProblem;
  constructor(problem: ZipProblem, words: ZipFileWords, options?: ErrorOptions) {
    super(describe(problem, words), options);
    this.name = 'ZipDamaged';
    this.problem = problem;
  }
}

/** A problem found while reading, before readZip puts it in the caller's words. */
class Refused extends Error {
  readonly problem: ZipProblem;
  constructor(problem: ZipProblem, cause?: unknown) {
    super(problem.kind, cause === undefined ? undefined : { cause });
    this.problem = problem;
  }
}

/** Read by unzip tools as a regular file its owner alone may read: a pack can hold private keys, a bundle logs. */
const PRIVATE_FILE = 0o100600;

/** The same entries and time give the same bytes: entries in the order given, every one deflated, all with one mtime. */
export async function writeZip(entries: Array<{ name: string; data: Buffer | string }>, mtime: Date): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const failed = new Promise<never>((_, reject) => zip.on('error', reject));
  for (const { name, data } of entries) {
    zip.addBuffer(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, name, { mtime, mode: PRIVATE_FILE, compress: true });
  }
  zip.end();
  return Promise.race([buffer(zip.outputStream), failed]);
}

const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EXTRA_FIELD = 0x0001;
const NO_32_BIT_VALUE = 0xffffffff;

/** A name that stays inside the archive's own tree: yauzl's check (no absolute path, no "..", no backslash) and no empty or "." part, no control character. */
function safeName(name: string): boolean {
  return (
    yauzl.validateFileName(name) === null &&
    name.length > 0 &&
    name.length <= 200 &&
    !hasControlCharacter(name) &&
    name.split('/').every((part) => part !== '' && part !== '.')
  );
}

/** Fieldkit never writes ZIP64: in a file of this size it can only be a crafted record pointing elsewhere. */
function isZip64(entry: yauzl.Entry): boolean {
  return (
    entry.extraFields.some((f) => f.id === ZIP64_EXTRA_FIELD) ||
    [entry.compressedSize, entry.uncompressedSize, entry.relativeOffsetOfLocalHeader].includes(NO_32_BIT_VALUE)
  );
}

async function openArchive(zip: Buffer): Promise<yauzl.ZipFile> {
  if (zip.length < EOCD_SIZE) throw new Refused({ kind: 'too-short' });
  let archive: yauzl.ZipFile;
  try {
    // Raw names: checked and decoded below, so a hostile name is refused as a name, not as a damaged directory.
    archive = await yauzl.fromBufferPromise(zip, { decodeStrings: false, validateEntrySizes: true });
  } catch (err) {
    throw new Refused({ kind: 'no-end' }, err);
  }
  // Fieldkit writes no archive comment, so the end record is the file's last 22 bytes and a ZIP64 locator would sit just before it.
  const locatorAt = zip.length - EOCD_SIZE - ZIP64_LOCATOR_SIZE;
  const problem: ZipProblem | undefined =
    archive.comment.length !== 0
      ? { kind: 'no-end' }
      : locatorAt >= 0 && zip.readUInt32LE(locatorAt) === ZIP64_LOCATOR_SIG
        ? { kind: 'zip64' }
        : undefined;
  if (problem) {
    archive.close();
    throw new Refused(problem);
  }
  return archive;
}

/** Every record of the directory, checked against the limits before any entry is inflated. */
async function listEntries(archive: yauzl.ZipFile, limits: ZipLimits): Promise<Array<{ name: string; entry: yauzl.Entry }>> {
  if (archive.entryCount > limits.maxEntries) {
    throw new Refused({ kind: 'too-many-entries', count: archive.entryCount, max: limits.maxEntries });
  }
  const maxEntryBytes = Math.min(limits.maxEntryBytes ?? limits.maxTotalBytes, limits.maxTotalBytes);
  const listed: Array<{ name: string; entry: yauzl.Entry }> = [];
  const seen = new Set<string>();
  let total = 0;
  const entries = archive.eachEntry();
  for (;;) {
    let next: IteratorResult<yauzl.Entry>;
    try {
      next = await entries.next();
    } catch (err) {
      throw new Refused({ kind: 'directory-damaged' }, err);
    }
    if (next.done) break;
    const entry = next.value;
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
    if (!safeName(name) || seen.has(name)) throw new Refused({ kind: 'bad-name' });
    seen.add(name);
    if (isZip64(entry)) throw new Refused({ kind: 'zip64' });
    if (!entry.canDecodeFileData()) throw new Refused({ kind: 'unsupported-entry', name });
    if (entry.uncompressedSize > maxEntryBytes) throw new Refused({ kind: 'entry-too-large', name, max: maxEntryBytes });
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) throw new Refused({ kind: 'too-large', max: limits.maxTotalBytes });
    listed.push({ name, entry });
  }
  return listed;
}

async function readEntry(archive: yauzl.ZipFile, name: string, entry: yauzl.Entry): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await buffer(await archive.openReadStreamPromise(entry));
  } catch (err) {
    throw new Refused({ kind: 'entry-damaged', name }, err);
  }
  if (crc32(data) !== entry.crc32) throw new Refused({ kind: 'entry-damaged', name });
  return data;
}

/** The entries in the archive's order; a damaged, truncated or hostile archive is refused with a ZipDamaged in the words given. */
export async function readZip(zip: Buffer, limits: ZipLimits, words: ZipFileWords = ZIP_WORDS): Promise<ZipEntry[]> {
  try {
    const archive = await openArchive(zip);
    try {
      const listed = await listEntries(archive, limits);
      const read: ZipEntry[] = [];
      for (const { name, entry } of listed) read.push({ name, data: await readEntry(archive, name, entry) });
      return read;
    } finally {
      archive.close();
    }
  } catch (err) {
    if (err instanceof Refused) throw new ZipDamaged(err.problem, words, err.cause === undefined ? undefined : { cause: err.cause });
    throw err;
  }
}
