import catalogData from '../resources/endpoint-catalog.json' with { type: 'json' };
import { Region, type CatalogRegion } from './schemas/endpoint-catalog.ts';

/**
 * The Citrix Cloud regions, their labels and order, as the endpoint catalog
 * (resources/endpoint-catalog.json) gives them: the one list the diagnostics
 * page, the Cloud Connect guide, the engine and the CLI all offer.
 */

export interface RegionInfo {
  id: Region;
  label: string;
  /** Commands to run on the Console on-prem shell before connecting, if the region needs them. */
  consoleCommands?: readonly string[];
  /** The same step as one sentence, for a check's next steps. */
  consoleSetup?: string;
}

/** A region entry of an endpoint catalog (the shipped one, or one a lab gives) as Fieldkit shows it. */
export function describeRegion(id: Region, entry: CatalogRegion): RegionInfo {
  const info: RegionInfo = { id, label: entry.label };
  if (entry.consoleCommands) {
    info.consoleCommands = entry.consoleCommands;
    info.consoleSetup = `On the NetScaler Console on-prem shell run: ${entry.consoleCommands.join(' && ')} (this restarts the Console processes).`;
  }
  return info;
}

const shipped: Record<Region, CatalogRegion> = catalogData.regions;

/** Every region, in the order they are offered. */
export const REGIONS: readonly RegionInfo[] = Region.options.map((id) => describeRegion(id, shipped[id]));

export const DEFAULT_REGION: Region = 'commercial';

export function regionInfo(id: Region): RegionInfo {
  return REGIONS.find((r) => r.id === id)!;
}

/** The regions as choices for a picker (value and label). */
export const REGION_OPTIONS: Array<{ value: Region; label: string }> = REGIONS.map((r) => ({ value: r.id, label: r.label }));
