import type { BundleReport, Inventory, PlanView, RemovalResult } from '../../../shared/schemas/certificates.ts';

/** Plain text of the certificate commands' results for the terminal. */

/** What `cert plan` and `cert push` say about the loaded bundle before the appliances: its chain, the root clients need, warnings. */
export function formatBundle(r: BundleReport): string {
  const lines: string[] = [];
  const leaf = r.leaf;
  if (leaf)
    lines.push(`Certificate ${leaf.commonName ?? leaf.subject}, serial ${leaf.serialHex}, valid until ${leaf.notAfter.slice(0, 10)}`);
  const names = r.chain.map((c) => c.commonName ?? c.subject);
  lines.push(names.length > 0 ? `Chain: ${names.join(' -> ')} (each installed and linked)` : 'Chain: no intermediate certificate');
  const known = r.clientRoot.knownHere ? 'this computer trusts it too' : 'this computer does not know it';
  if (r.chainEnd === 'root' && !r.root) lines.push('Self-signed: clients must be told to trust this certificate itself.');
  else if (r.chainEnd === 'root') lines.push(`Root ${r.clientRoot.subject} is in the bundle and not pushed (${known}).`);
  else if (r.chainEnd === 'open' && r.chain.length === 0)
    lines.push(`The appliance must already hold ${r.clientRoot.subject} (the plan links to it), or clients must trust it (${known}).`);
  else if (r.chainEnd === 'open') lines.push(`Clients must already trust the root ${r.clientRoot.subject} (${known}).`);
  for (const p of r.problems) if (p.severity !== 'info') lines.push(`  ${p.severity === 'error' ? 'x' : '!'} ${p.message}`);
  return lines.join('\n');
}

/** A plan as `cert plan` and `cert push --dry-run` print it. */
export function formatPlan(view: PlanView): string {
  const lines: string[] = [];
  lines.push(`Appliance ${view.appliance}${view.partition ? `, partition ${view.partition}` : ''} (${view.haState})`);
  lines.push(
    `Certkey ${view.certkey}: ${view.certkeyAction === 'add' ? 'new' : view.certkeyAction === 'update' ? 'renewed in place' : 'already right'}`,
  );
  lines.push(`  ${view.certkeyReason}`);
  for (const c of view.session.before) lines.push(`  ${c.method} ${c.path}`);
  for (const c of view.session.reads) lines.push(`  ${c.method} ${c.path}   (read)`);
  for (const s of view.steps) {
    lines.push(`  ${String(s.index + 1).padStart(2)}. ${s.label}`);
    lines.push(`      ${s.call.method} ${s.call.path}${s.call.body !== undefined ? ` ${JSON.stringify(s.call.body)}` : ''}`);
  }
  for (const c of view.session.after) lines.push(`  ${c.method} ${c.path}`);
  if (view.steps.length === 0) lines.push('  Nothing to change.');
  for (const a of view.alreadyRight) lines.push(`  = ${a}`);
  for (const w of view.warnings) lines.push(`  ! ${w}`);
  lines.push(`Plan digest ${view.digest}`);
  return lines.join('\n');
}

/** An inventory, soonest expiry first, as `cert inventory` prints it. */
export function formatInventory(inv: Inventory): string {
  const lines = [`Appliance ${inv.appliance}${inv.partition ? `, partition ${inv.partition}` : ''}: ${inv.entries.length} certkey(s)`];
  for (const e of inv.entries) {
    const flag = e.expired ? 'EXPIRED ' : e.expiringSoon ? `SOON    ` : '        ';
    const days = e.daysLeft === undefined ? '   ?' : String(e.daysLeft).padStart(4);
    const bound = e.bindings.length ? ` bound to ${e.bindings.map((b) => `${b.vserver}${b.sni ? ' (SNI)' : ''}`).join(', ')}` : '';
    const chain = e.chain.length ? ` -> ${e.chain.join(' -> ')}` : '';
    lines.push(
      `${flag}${days} days  ${e.certkey}  ${e.commonName ?? e.subject}${chain}${bound}${e.createdByFieldkit ? '  [Fieldkit]' : ''}`,
    );
  }
  return lines.join('\n');
}

/**
 * A removal as the user checks it: the certkeys (count and names, the same
 * list the steps act on), the steps, what is kept and why.
 */
export function formatRemoval(r: RemovalResult, dryRun: boolean): string {
  const names = r.certkeys.map((c) => c.certkey);
  const list = `${names.length} certkey(s)${names.length > 0 ? `: ${names.join(', ')}` : ''}`;
  const head = dryRun
    ? `${r.appliance}: would remove ${list}`
    : r.outcome === 'unchanged' && names.length === 0
      ? `${r.appliance}: nothing to remove`
      : r.outcome === 'succeeded'
        ? `${r.appliance}: removed ${r.removed.length} certkey(s)${r.removed.length > 0 ? `: ${r.removed.join(', ')}` : ''}`
        : `${r.appliance}: ${r.outcome}; removed nothing (the plan was ${list})`;
  const lines = [head];
  for (const c of r.certkeys) lines.push(`  - ${c.certkey}: ${c.why}`);
  for (const s of r.plan) lines.push(`  ${s.index + 1}. ${s.label}`);
  for (const s of r.skipped) lines.push(`  kept ${s.certkey}: ${s.reason}`);
  if (r.error) lines.push(`  ${r.error.message}`);
  for (const line of r.rollback?.restored ?? []) lines.push(`  restored: ${line}`);
  if (dryRun && names.length > 0) lines.push(`  plan digest ${r.planDigest} (remove exactly this: --plan-digest ${r.planDigest})`);
  return lines.join('\n');
}
