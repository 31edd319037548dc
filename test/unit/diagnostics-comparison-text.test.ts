import { describe, expect, it } from 'vitest';
import { countsLine } from '../../renderer/src/pages/diagnostics/summary-text.ts';
import {
  CHANGE_WORDS,
  countsText,
  hostChangeText,
  snapshotText,
  timeDeltaText,
} from '../../renderer/src/pages/diagnostics/comparison-text.ts';

describe('comparing two checks, in words', () => {
  it('names only what happened, in words rather than codes', () => {
    const counts = { fixed: 1, broken: 0, unchanged: 5, failureChanged: 0, added: 0, removed: 0, hostChanged: 1 };
    expect(countsText(counts)).toBe('1 fixed, 5 unchanged, 1 checked on another host.');
    expect(countsText({ ...counts, fixed: 0, unchanged: 0, hostChanged: 0 })).toBe('Neither check has a listed name to compare.');
    for (const words of Object.values(CHANGE_WORDS)) expect(words).not.toMatch(/-/);
  });

  it("shows each side with Console's verdict words, and a dash for a name the check did not have", () => {
    expect(
      snapshotText({ verdict: 'not-reachable', failureCode: 'tcp_refused', failureTitle: 'Connection refused', totalMs: 5.4, host: 'h' }),
    ).toBe('Not Reachable: Connection refused (5 ms)');
    expect(snapshotText({ verdict: 'reachable', totalMs: 120, host: 'h' })).toBe('Reachable (120 ms)');
    expect(snapshotText(undefined)).toBe('—');
  });

  it('says when another host was probed for the same listed name', () => {
    const before = { verdict: 'reachable' as const, totalMs: 1, host: 'adm.cloud.com' };
    const after = { ...before, host: 'acme.agent.adm.cloud.com' };
    expect(
      hostChangeText({ endpointId: 'x', listed: '*.agent.adm.cloud.com', change: 'unchanged', before, after, hostChanged: true }),
    ).toBe('Checked on adm.cloud.com before, on acme.agent.adm.cloud.com now.');
    expect(hostChangeText({ endpointId: 'x', listed: 'x', change: 'unchanged', before, after: before })).toBeUndefined();
    expect(timeDeltaText(-30.2)).toBe('−30 ms');
    expect(timeDeltaText(0.2)).toBe('');
  });
});

describe('the summary banner counts', () => {
  const base = { endpoints: 7, required: 7, reachable: 4, notReachable: 3, notChecked: 0, requiredNotReachable: 3, warnings: 1 };
  it('counts hosts as the table shows them, with the listed names they stand for', () => {
    expect(
      countsLine({ ...base, hosts: { total: 5, required: 5, reachable: 4, notReachable: 1, notChecked: 0, requiredNotReachable: 1 } }),
    ).toBe('5 hosts checked (standing for 7 listed names): 4 reachable, 1 not reachable, 1 warning.');
  });
  it('says it per listed name for a run kept before hosts were counted', () => {
    expect(countsLine({ ...base, warnings: 0 })).toBe('4 reachable, 3 not reachable of 7 listed names.');
  });
});
