import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { PushOptionsInput } from '../../../shared/schemas/certificates.ts';
import type { ApplianceRef, Engine } from '../../services/engine.ts';
import { EXIT, type CliContext } from '../cli-context.ts';

/** The plan's output forms: the calls as text or JSON, or an Ansible playbook written to --out. */
export const PLAN_FORMATS = ['text', 'ansible'] as const;

export function checkPlanFormat(format: string | undefined, out: string | undefined): 'text' | 'ansible' {
  const f = format ?? 'text';
  if (!(PLAN_FORMATS as readonly string[]).includes(f))
    throw new FieldkitError('INVALID_INPUT', `--format ${f} is not a plan format.`, {
      hint: `Use ${PLAN_FORMATS.join(' or ')}.`,
      field: 'format',
    });
  if (f === 'ansible' && !out)
    throw new FieldkitError('INVALID_INPUT', 'The Ansible export needs a folder to write to.', {
      hint: 'Add --out <folder> (a new or empty folder).',
      field: 'out',
    });
  return f as 'text' | 'ansible';
}

/** `cert plan --format ansible --out DIR`: plans each appliance and writes the playbook; exit 1 when an appliance is left out. */
export async function writeAnsiblePlan(
  ctx: CliContext,
  engine: Engine,
  input: {
    bundleId: string;
    appliances: ApplianceRef[];
    options: PushOptionsInput;
    timeoutMs: number;
    out: string;
    json?: boolean | undefined;
  },
): Promise<void> {
  const { out, json, ...plan } = input;
  const summary = await engine.certificates.saveAnsibleExport({ ...plan, folder: out });
  if (summary.failures.length > 0) ctx.setExitCode(EXIT.FAILED);
  if (json) {
    ctx.io.out(JSON.stringify({ folder: out, ...summary }));
    return;
  }
  for (const f of summary.failures) ctx.io.out(`${f.applianceId}: left out: ${f.error.message}${f.error.hint ? ` (${f.error.hint})` : ''}`);
  if (!summary.saved) {
    ctx.io.out('No appliance could be planned: nothing was written.');
    return;
  }
  ctx.io.out(`Wrote the Ansible playbook for ${summary.appliances.join(', ')} to ${out}:`);
  for (const name of summary.files) ctx.io.out(`  ${name}`);
  ctx.io.out(
    `Run: ansible-playbook -i inventory.yml playbook.yml -e nitro_user=… -e @secrets.yml (nitro_password in Vault), with fieldkit_key_file=<the private key file>; see README.md there.`,
  );
}
