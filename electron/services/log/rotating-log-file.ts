import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../storage/private-folder.ts';

export interface RotatingLogFileOptions {
  folder: string;
  /** The file's base name: `<name>.jsonl` now, `<name>.1.jsonl` … the older ones. */
  name: string;
  /** The current file is rotated before it would grow past this. */
  maxBytes?: number;
  /** Older files kept besides the current one. */
  keep?: number;
}

export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_KEEP = 3;

/**
 * An append-only log file rotated by size. Each line is appended on its own
 * (synchronously), so a crash loses nothing already logged and two processes
 * writing the same file (the app and a CLI run) never interleave inside a line.
 */
export class RotatingLogFile {
  readonly folder: string;
  readonly name: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private folderMade = false;

  constructor(opts: RotatingLogFileOptions) {
    this.folder = opts.folder;
    this.name = opts.name;
    this.maxBytes = opts.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.keep = opts.keep ?? DEFAULT_LOG_KEEP;
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line) + 1;
    if (!this.folderMade) {
      mkdirSync(this.folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
      this.folderMade = true;
    }
    // The size on disk decides, not a count kept here: another process (the app, a CLI run) may have written or rotated meanwhile.
    const size = sizeOf(this.current);
    if (size > 0 && size + bytes > this.maxBytes) this.rotate();
    appendFileSync(this.current, `${line}\n`, { mode: PRIVATE_FILE_MODE });
  }

  private rotate(): void {
    rmSync(this.older(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) renameIfThere(this.older(i), this.older(i + 1));
    if (this.keep > 0) renameIfThere(this.current, this.older(1));
    else rmSync(this.current, { force: true });
  }

  private get current(): string {
    return join(this.folder, `${this.name}.jsonl`);
  }

  private older(n: number): string {
    return join(this.folder, `${this.name}.${n}.jsonl`);
  }
}

/** Every log file in the folder (the app's and the CLI's), each current file before its older ones. */
export function logFilesIn(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => /^[a-z0-9-]+(\.\d+)?\.jsonl$/.test(n));
  } catch {
    return [];
  }
  const order = (n: string) => {
    const [base, rotation] = n.replace(/\.jsonl$/, '').split('.');
    return { base: base!, rotation: Number(rotation ?? 0) };
  };
  return names
    .sort((a, b) => {
      const x = order(a);
      const y = order(b);
      return x.base === y.base ? x.rotation - y.rotation : x.base.localeCompare(y.base);
    })
    .map((n) => join(folder, n));
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
