import { describe, expect, it } from 'vitest';
import { loadEndpointCatalog } from '../../electron/services/diagnostics/endpoint-catalog.ts';
import {
  ONBOARDING_STEP_IDS,
  onboardingSteps,
  PORTS,
  PREREQUISITE_IDS,
  prerequisitesFor,
  REGION_SETUP,
  WORKFLOWS,
  workflowFor,
} from '../../shared/cloud-connect-guide.ts';
import { REGION_OPTIONS, REGIONS, regionInfo } from '../../shared/regions.ts';

describe('Cloud Connect guide', () => {
  it('picks the onboarding workflow from what the customer already has', () => {
    expect(workflowFor(false, false).id).toBe(1);
    expect(workflowFor(false, true).id).toBe(1);
    expect(workflowFor(true, false).id).toBe(2);
    expect(workflowFor(true, true).id).toBe(3);
  });

  it('every workflow ends with the connection steps, and only workflow 1 creates an account', () => {
    const last = WORKFLOWS[2]!.steps;
    for (const w of WORKFLOWS) expect(w.steps.slice(-last.length)).toEqual(last);
    expect(WORKFLOWS.filter((w) => w.steps.some((s) => s.text.startsWith('Create a Citrix Cloud account'))).map((w) => w.id)).toEqual([1]);
  });

  it('gives every step and prerequisite one stable id, and each step says why and what success looks like', () => {
    for (const w of WORKFLOWS) {
      const ids = w.steps.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const s of w.steps) expect(s.reason && s.success).toBeTruthy();
      // The documentation's two signs of success, in this order.
      const successes = w.steps.map((s) => s.success).join('\n');
      expect(successes.indexOf('"Login Successful"')).toBeGreaterThan(-1);
      expect(successes.indexOf('Connected status')).toBeGreaterThan(successes.indexOf('"Login Successful"'));
    }
    expect(new Set(PREREQUISITE_IDS).size).toBe(PREREQUISITE_IDS.length);
    for (const id of [...ONBOARDING_STEP_IDS, ...PREREQUISITE_IDS]) expect(id).toMatch(/^[a-z0-9-]{1,64}$/);
  });

  it('puts the region command and the proxy step before the workflow, only where the site needs them', () => {
    expect(
      onboardingSteps({ region: 'gov', hasProxy: true, workflow: 3 })
        .map((s) => s.id)
        .slice(0, 3),
    ).toEqual(['console-region', 'console-proxy', 'console-get-started']);
    expect(onboardingSteps({ region: 'commercial', hasProxy: false, workflow: 2 })[0]!.id).toBe('open-console-service');
    expect(
      onboardingSteps({ region: 'japan', hasProxy: false, workflow: 1 })
        .map((s) => s.id)
        .slice(0, 2),
    ).toEqual(['console-region', 'create-cloud-account']);
  });

  it('asks the user to confirm only the account and tenant the workflow does not create, and checks the proxy port only with a proxy', () => {
    const ids = (workflow: 1 | 2 | 3 | undefined, hasProxy: boolean) => prerequisitesFor({ workflow, hasProxy }).map((p) => p.id);
    expect(ids(1, false)).toEqual(['endpoints-reachable', 'port-443-out', 'laptop-internet', 'popup-blocker', 'service-account']);
    expect(ids(2, true)).toContain('cloud-account');
    expect(ids(2, true)).toContain('port-80-proxy');
    expect(ids(2, true)).not.toContain('console-tenant');
    expect(ids(3, false)).toEqual(expect.arrayContaining(['cloud-account', 'console-tenant']));
    expect(
      prerequisitesFor({ workflow: 3, hasProxy: false })
        .filter((p) => p.checkedBy === 'network')
        .map((p) => p.id),
    ).toEqual(['endpoints-reachable', 'port-443-out']);
  });

  it('gov and Japan need the consoleService command first; commercial does not', () => {
    expect(REGION_SETUP.find((r) => r.region === 'commercial')!.consoleCommands).toBeUndefined();
    expect(REGION_SETUP.find((r) => r.region === 'gov')!.consoleCommands).toContain('python consoleService.py --region gov');
    expect(REGION_SETUP.find((r) => r.region === 'japan')!.consoleCommands).toContain('python consoleService.py --region japan');
  });
});

describe('regions', () => {
  it('come from the endpoint catalog, in one order with one label each, wherever they are offered', () => {
    const catalog = loadEndpointCatalog();
    expect(REGIONS.map((r) => r.id)).toEqual(['commercial', 'gov', 'japan']);
    expect(REGIONS.map((r) => r.label)).toEqual(REGIONS.map((r) => catalog.regions[r.id].label));
    expect(REGION_OPTIONS).toEqual(REGIONS.map((r) => ({ value: r.id, label: r.label })));
    expect(REGION_SETUP.map((r) => [r.region, r.label])).toEqual(REGIONS.map((r) => [r.id, r.label]));
    expect(regionInfo('gov').consoleSetup).toBe(
      'On the NetScaler Console on-prem shell run: cd /mps/python/util/ && python consoleService.py --region gov (this restarts the Console processes).',
    );
    expect(regionInfo('commercial').consoleSetup).toBeUndefined();
    expect(PORTS.map((p) => p.port)).toEqual(catalog.ports.map((p) => p.port));
  });
});
