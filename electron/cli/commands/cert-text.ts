import type { Inventory, PlanView, RemovalResult } from '../../../shared/schemas/certificates.ts';

/** Plain text of the certificate commands' results for the terminal. */

/** A plan as `cert plan` and `cert push --dry-run` print it. */
export function formatPlan(view: PlanView): string {
  const lines: string[] = [];
  lines.push(`Appliance ${view.appliance}${view.partition ? `, partition ${view.partition}` : ''} (${view.haState})`);
  lines.push(
    `Certkey ${view.certkey}: ${view.certkeyAction === 'add' ? 'new' : view.certkeyAction === 'update' ? 'changed in place' : 'already right'}`,
  );
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
