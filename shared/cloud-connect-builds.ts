/**
 * Which Cloud Connect features a NetScaler Console on-prem build has: the
 * documentation's "Build-specific feature behavior" table, every column, as
 * the one place the app, the guide and the CLI read it from. Only release
 * 14.1 is documented; a build the table does not cover gets "not
 * documented", never a guess.
 */

export interface ConsoleBuild {
  /** "14.1" */
  release: string;
  /** 66 in 14.1-66.12 */
  build: number;
  /** 12 in 14.1-66.12; undefined for "66.x". */
  patch?: number;
}

export interface BuildFeatureRow {
  /** As the documentation names the row. */
  label: string;
  /** Lowest and highest 14.1 build the row covers (inclusive); `to` absent for "and later". */
  from: number;
  to?: number;
  features: string[];
  action: string;
  dataCollection: string;
}

const DOCUMENTED_RELEASE = '14.1';

/** The table, highest row first: for a build, the first row that covers it applies. */
export const BUILD_FEATURE_ROWS: readonly BuildFeatureRow[] = [
  {
    label: '14.1-66.x and later',
    from: 66,
    features: ['LAS-based licensing', 'ServiceNow Integration', 'Asset Delivery', 'Upgrade Advisory'],
    action: 'Configure Cloud Connect',
    dataCollection: 'No',
  },
  {
    label: '14.1-56.x and later',
    from: 56,
    features: ['LAS-based licensing', 'ServiceNow Integration', 'Asset Delivery'],
    action: 'Configure Cloud Connect',
    dataCollection: 'No',
  },
  {
    label: '14.1-51.x and later',
    from: 51,
    features: ['LAS-based licensing', 'ServiceNow Integration'],
    action: 'Configure Cloud Connect',
    dataCollection: 'No',
  },
  {
    label: '14.1-25.x and later',
    from: 25,
    features: ['ServiceNow Integration'],
    action: 'Configure Cloud Connect and enable ServiceNow Integration.',
    dataCollection: 'No',
  },
  {
    label: 'Between 14.1-8.x and 14.1-21.x',
    from: 8,
    to: 21,
    features: ['Security Advisory', 'ServiceNow Integration'],
    action: 'Configure Cloud Connect and enable the feature',
    dataCollection: 'Yes. After configuring Cloud Connect (see Data governance for Cloud Connect).',
  },
  { label: '14.1-4.x or earlier', from: 0, to: 4, features: [], action: 'NA', dataCollection: 'NA' },
];

/** Documented separately from the table: from 14.1-66.x, Cloud Connect works through an SSL-intercepting explicit proxy. */
export const PROXY_CA_UPLOAD_FROM_BUILD = 66;

export class BuildParseError extends Error {}

/**
 * A build as admins write it: "14.1-66.12", "14.1 66.x", "14.1-66", "14.1 build 66.12",
 * or as `show ns version` prints it ("NS14.1: Build 66.12.nc").
 */
export function parseConsoleBuild(text: string): ConsoleBuild {
  const m =
    /^\s*(?:NetScaler\s+)?(?:NS)?\s*(\d{1,2})\.(\d{1,2})\s*(?::|-|\s)\s*(?:build\s*)?(\d{1,3})(?:\.(\d{1,3}|x))?(?:\.nc|\.e)?\s*(?:,.*)?$/i.exec(
      text,
    );
  if (!m) {
    throw new BuildParseError(
      `"${text.trim()}" is not a NetScaler Console build: write it as 14.1-66.12, 14.1 66.x or as "show ns version" prints it (NS14.1: Build 66.12.nc).`,
    );
  }
  const build: ConsoleBuild = { release: `${Number(m[1])}.${Number(m[2])}`, build: Number(m[3]) };
  if (m[4] !== undefined && m[4].toLowerCase() !== 'x') build.patch = Number(m[4]);
  return build;
}

export type BuildAdvice =
  | { documented: true; build: ConsoleBuild; row: BuildFeatureRow; proxyCaUpload: boolean }
  | { documented: false; build: ConsoleBuild; reason: string };

export function adviseForBuild(build: ConsoleBuild): BuildAdvice {
  if (build.release !== DOCUMENTED_RELEASE) {
    return {
      documented: false,
      build,
      reason: `The Cloud Connect documentation lists builds of release ${DOCUMENTED_RELEASE} only; release ${build.release} is not documented.`,
    };
  }
  const row = BUILD_FEATURE_ROWS.find((r) => build.build >= r.from && (r.to === undefined || build.build <= r.to));
  if (!row) {
    return {
      documented: false,
      build,
      reason: `Build ${build.release}-${build.build}.x falls between the documented rows; the documentation does not say what it has.`,
    };
  }
  return { documented: true, build, row, proxyCaUpload: build.build >= PROXY_CA_UPLOAD_FROM_BUILD };
}

export function formatBuild(b: ConsoleBuild): string {
  return `${b.release}-${b.build}.${b.patch ?? 'x'}`;
}
