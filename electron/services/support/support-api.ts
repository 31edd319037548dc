import { supportBundleFileName } from '../../../shared/support-text.ts';
import { basename } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { LogLevel, RedactionCounts, SupportBundleResult, SupportPreview, SupportSection } from '../../../shared/schemas/support.ts';
import { writeZip } from '../files/zip-file.ts';
import type { Logger, LogLevelSwitch } from '../log/logger.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';
import { PRIVATE_FILE_MODE } from '../storage/private-folder.ts';
import { gatherBundle, type BundleSources } from './bundle-contents.ts';
import { redactFile, type RedactedFile } from './redaction-pass.ts';

/** Support bundles (one zip that tells the story of a problem, free of secrets) and the session's log level. */
export interface SupportApi {
  /** What a bundle would hold, redacted as it would be: shown before anything is written. */
  preview(): Promise<SupportPreview>;
  /** Gathers, redacts and writes the bundle to the path the user chose (the save dialog, --out). */
  createBundle(input: { path: string }): Promise<SupportBundleResult>;
  /** The name a new bundle is offered under. */
  defaultFileName(): string;
  logLevel(): { level: LogLevel };
  /** For this session only: the next start logs at the usual level again. */
  setLogLevel(level: LogLevel): { level: LogLevel };
}

export interface SupportDeps {
  sources: BundleSources;
  redactor: SecretRedactor;
  /** Reads every secret saved in the keychain, so the redactor knows them all, not only those used since the start. */
  rememberSavedSecrets(): Promise<void>;
  levels: LogLevelSwitch;
  logger: Logger;
  now?: () => Date;
}

interface RedactedBundle {
  sections: Array<Omit<SupportSection, 'files'> & { files: Array<RedactedFile & { items?: number }> }>;
  redactions: RedactionCounts;
}

export function createSupportApi(deps: SupportDeps): SupportApi {
  const now = deps.now ?? (() => new Date());

  const build = async (): Promise<RedactedBundle> => {
    await deps.rememberSavedSecrets();
    const gathered = await gatherBundle(deps.sources);
    const redactions: RedactionCounts = {};
    const sections = gathered.map(({ files, ...section }) => ({
      ...section,
      files: files.map((f) => {
        const redacted = redactFile(f.name, f.content, deps.redactor);
        addCounts(redactions, redacted.redactions);
        return { ...redacted, ...(f.items === undefined ? {} : { items: f.items }) };
      }),
    }));
    return { sections, redactions };
  };

  const describe = (bundle: RedactedBundle): SupportPreview => {
    const sections = bundle.sections.map((s) => ({
      ...s,
      files: s.files.map(({ name, data, items, redactions }) => ({
        name,
        bytes: data.length,
        ...(items === undefined ? {} : { items }),
        redactions,
      })),
    }));
    const totalBytes = sections.reduce((sum, s) => sum + s.files.reduce((n, f) => n + f.bytes, 0), 0);
    return { sections, totalBytes, redactions: bundle.redactions };
  };

  return {
    preview: async () => describe(await build()),
    async createBundle({ path }) {
      const bundle = await build();
      const files = bundle.sections.flatMap((s) => s.files);
      // The manifest quotes the sections' notes (a reason a part could not be read): scrubbed like every other file.
      const manifest = redactFile('manifest.json', JSON.stringify({ createdAt: now().toISOString(), ...describe(bundle) }), deps.redactor);
      addCounts(bundle.redactions, manifest.redactions);
      const entries = [
        ...files.map(({ name, data }) => ({ name, data })),
        { name: manifest.name, data: manifest.data },
        {
          name: 'redactions.json',
          data: Buffer.from(`${JSON.stringify(redactionsManifest([...files, manifest], bundle.redactions), null, 2)}\n`),
        },
      ];
      const zip = await writeZip(entries, now());
      try {
        await writeFileAtomic(path, zip, { mode: PRIVATE_FILE_MODE });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        // The file's name only: the message may reach the window.
        throw new FieldkitError('SUPPORT_BUNDLE_UNWRITABLE', `The support bundle could not be written to "${basename(path)}" (${code}).`, {
          cause: err,
        });
      }
      deps.logger.info(`Support bundle written: ${basename(path)}, ${zip.length} bytes`, {
        files: entries.length,
        redactions: bundle.redactions,
      });
      return { fileName: basename(path), bytes: zip.length, files: entries.length, redactions: bundle.redactions };
    },
    defaultFileName: () => supportBundleFileName(now()),
    logLevel: () => ({ level: deps.levels.level }),
    setLogLevel(level) {
      deps.levels.level = level;
      deps.logger.info(`Log level set to ${level} for this session`, { level });
      return { level };
    },
  };
}

function addCounts(into: RedactionCounts, from: RedactionCounts): void {
  for (const [kind, n] of Object.entries(from) as Array<[keyof RedactionCounts, number]>) into[kind] = (into[kind] ?? 0) + n;
}

/** Kinds and counts per file, never a value: what the support engineer reads to know what is missing and why. */
function redactionsManifest(files: RedactedFile[], totals: RedactionCounts): Record<string, unknown> {
  return {
    about: 'What the redaction pass removed from each file of this bundle: the kind and how many, never the value.',
    totals,
    files: Object.fromEntries(files.filter((f) => Object.keys(f.redactions).length > 0).map((f) => [f.name, f.redactions])),
  };
}
