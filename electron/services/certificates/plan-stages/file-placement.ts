import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { deleteFileCall, uploadFileCall } from '../../nitro/systemfile-calls.ts';
import type { ApplianceView } from '../appliance-view.ts';
import { sha256Hex } from '../../x509/certificate-fields.ts';
import { suffixedName } from '../file-naming.ts';
import type { PlannedStep } from '../push-plan.ts';
import { refusePlan, type StagePlan } from './plan-stage.ts';

/**
 * The files stage: every file the push needs gets a name no other file holds.
 * A file already there with the same content is reused; a name taken by other
 * content gets a suffix from our content's hash. Never an overwrite. The
 * chain and the leaf stages place their files here, so names stay unique
 * across both.
 */

export interface WantedFile {
  base: string;
  ext: '.cer' | '.key';
  /** PEM text. */
  content: string;
  /** Whether a file on the appliance (base64) holds the same certificate or key. */
  same: (existingB64: string | undefined) => boolean;
  /** How the user knows the file ("intermediate certificate", "key"). */
  what: string;
}

/** Suffixes tried after the plain name: 6, 10, then 14 hex digits of the content hash. */
const NAME_ATTEMPTS = 3;

export class FilePlacement {
  readonly plan: StagePlan = { steps: [], alreadyRight: [], warnings: [] };
  private readonly taken = new Set<string>();
  private readonly view: Pick<ApplianceView, 'appliance' | 'files' | 'fileLocation'>;
  private readonly readFile: (name: string) => Promise<string | undefined>;

  /** `readFile` reads a file's content (base64) on the appliance; only called when a planned name is already taken. */
  constructor(view: Pick<ApplianceView, 'appliance' | 'files' | 'fileLocation'>, readFile: (name: string) => Promise<string | undefined>) {
    this.view = view;
    this.readFile = readFile;
  }

  /** The file's name on the appliance, planning its upload unless an identical file is there. */
  async place(file: WantedFile): Promise<string> {
    let name = `${file.base}${file.ext}`;
    const contentHash = sha256Hex(file.content);
    for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      if (!this.taken.has(name)) {
        if (!this.view.files.has(name)) {
          this.taken.add(name);
          this.plan.steps.push(this.uploadStep(name, file));
          return name;
        }
        if (file.same(await this.readFile(name))) {
          this.taken.add(name);
          this.plan.alreadyRight.push(`The ${file.what} file ${name} is already on the appliance with the same content; it is reused.`);
          return name;
        }
      }
      name = `${suffixedName(file.base, contentHash.slice(0, 6 + attempt * 4))}${file.ext}`;
    }
    throw refusePlan(
      this.view.appliance,
      'FILE_NAME_COLLISION',
      `the file names for the ${file.what} are all taken by files with other content (last tried ${name}).`,
    );
  }

  private uploadStep(name: string, file: WantedFile): PlannedStep {
    const folder = this.view.fileLocation;
    return {
      kind: 'upload-file',
      label: `Upload ${file.what} file ${name}`,
      call: uploadFileCall(folder, name, Buffer.from(file.content, 'utf8').toString('base64')),
      undo: [{ intent: `Delete file ${name}`, done: `Deleted the uploaded file ${name}`, call: deleteFileCall(folder, name) }],
    };
  }
}

/** Whether a file on the appliance (base64 of PEM or DER) holds this certificate. */
export function holdsCertificate(existingB64: string | undefined, ours: X509Certificate): boolean {
  if (existingB64 === undefined) return false;
  const text = Buffer.from(existingB64, 'base64').toString('latin1');
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  try {
    const x = m ? new X509Certificate(m[0]) : new X509Certificate(Buffer.from(existingB64, 'base64'));
    return x.fingerprint256 === ours.fingerprint256;
  } catch {
    return false;
  }
}

/** Whether a file on the appliance (base64 of PEM) holds this private key. */
export function holdsKey(existingB64: string | undefined, ours: KeyObject): boolean {
  if (existingB64 === undefined) return false;
  try {
    const theirs = createPrivateKey({ key: Buffer.from(existingB64, 'base64').toString('latin1'), format: 'pem' });
    const a = createPublicKey(theirs).export({ format: 'der', type: 'spki' });
    const b = createPublicKey(ours).export({ format: 'der', type: 'spki' });
    return Buffer.compare(a, b) === 0;
  } catch {
    return false;
  }
}
