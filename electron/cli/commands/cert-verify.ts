import type { Command } from 'commander';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { VerifyInput, type VerifyReport } from '../../../shared/schemas/certificate-verify.ts';
import { EXIT, type CliContext } from '../cli-context.ts';
import { collect, parseAppliances, timeoutOf, withApplianceOptions, type ApplianceFlags } from './cert-appliance-flags.ts';

interface VerifyFlags extends ApplianceFlags {
  vserver: string[];
  servername?: string;
  expect?: string;
}

const STATUS_TEXT: Record<VerifyReport['vservers'][number]['status'], string> = {
  match: 'presents the expected certificate',
  mismatch: 'presents ANOTHER certificate',
  shown: 'presents',
  unreachable: 'not checked',
};

export function formatVerify(r: VerifyReport): string {
  const lines = [`${r.appliance} (asking for ${r.serverName}):`];
  for (const v of r.vservers) {
    const where = v.address ? ` at ${v.address}` : '';
    lines.push(`  ${v.vserver}${where}: ${STATUS_TEXT[v.status]}`);
    if (v.served) {
      lines.push(`    ${v.served.subject}`);
      lines.push(`    SHA-256 ${v.served.fingerprint256}`);
      lines.push(`    ${v.served.trustedBySystem ? 'trusted by this computer' : 'not trusted by this computer for that name'}`);
    }
    if (v.error) lines.push(`    ${v.error.message}${v.error.hint ? ` (${v.error.hint})` : ''}`);
  }
  return lines.join('\n');
}

/** fieldkit cert verify: after a push, which certificate each vserver's VIP presents to a client; exit 1 unless every one matches. */
export function registerCertVerifyCommand(cert: Command, ctx: CliContext): void {
  withApplianceOptions(
    cert
      .command('verify')
      .description("connect to each vserver's address as a client would (SNI) and compare the certificate it presents")
      .option('--vserver <name>', 'SSL vserver to check (repeatable)', collect, [])
      .requiredOption('--servername <host>', 'host name clients ask for (SNI), e.g. the certificate’s first DNS name')
      .option('--expect <sha256>', 'SHA-256 fingerprint of the certificate that should be presented'),
  ).action(async (o: VerifyFlags) => {
    const refs = parseAppliances(o, ctx.env);
    // Bad flags are the user's input (exit 2) before any appliance is asked.
    const parsed = VerifyInput.safeParse({
      vservers: o.vserver,
      serverName: o.servername,
      ...(o.expect ? { expectedFingerprint256: o.expect } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      const flag = { vservers: '--vserver', serverName: '--servername', expectedFingerprint256: '--expect' }[field] ?? field;
      throw new FieldkitError('INVALID_INPUT', `${flag}: ${issue.message}`, { field });
    }
    const input = parsed.data;
    const timeoutMs = timeoutOf(o);
    const engine = await ctx.engine();
    const out: unknown[] = [];
    for (const ref of refs) {
      try {
        const report = await engine.certificates.verify({ appliance: ref, ...input, timeoutMs });
        out.push(report);
        if (!o.json) ctx.io.out(formatVerify(report));
        if (report.vservers.some((v) => v.status === 'mismatch' || v.status === 'unreachable')) ctx.setExitCode(EXIT.FAILED);
      } catch (err) {
        const info = engine.describeFailure(err);
        out.push({ appliance: ref.profile.host, error: info });
        if (!o.json) ctx.io.out(`${String(ref.profile.host)}: ${info.message}${info.hint ? ` (${info.hint})` : ''}`);
        ctx.setExitCode(EXIT.FAILED);
      }
    }
    if (o.json) ctx.io.out(JSON.stringify(out.length === 1 ? out[0] : out));
  });
}
