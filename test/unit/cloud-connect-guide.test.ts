import { describe, expect, it } from 'vitest';
import { loadEndpointCatalog } from '../../electron/services/diagnostics/endpoint-catalog.ts';
import { PORTS, REGION_SETUP, WORKFLOWS, workflowFor } from '../../shared/cloud-connect-guide.ts';
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
    expect(WORKFLOWS.filter((w) => w.steps.some((s) => s.startsWith('Create a Citrix Cloud account'))).map((w) => w.id)).toEqual([1]);
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
