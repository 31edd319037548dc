import catalogData from '../resources/endpoint-catalog.json' with { type: 'json' };
import { BUILD_FEATURE_ROWS, PROXY_CA_UPLOAD_FROM_BUILD } from './cloud-connect-builds.ts';
import { REGIONS } from './regions.ts';
import type { Region } from './schemas/endpoint-catalog.ts';

/**
 * What an admin needs at hand while setting up NetScaler Console Cloud
 * Connect, in one place: which onboarding workflow applies, what each status
 * means, which build brings which feature, and what to try when it fails.
 */

/**
 * One thing the admin does during onboarding, with a stable id (saved per
 * site as progress), why it is needed and how they know it worked.
 */
export interface GuideStep {
  id: string;
  text: string;
  reason: string;
  success: string;
}

export interface Workflow {
  id: 1 | 2 | 3;
  title: string;
  /** Which situation it is for. */
  when: { hasCloudAccount: boolean; hasConsoleTenant: boolean };
  steps: GuideStep[];
}

const CONNECT_STEPS: GuideStep[] = [
  {
    id: 'console-get-started',
    text: 'Log in to NetScaler Console on-prem, select the Cloud icon, then Get Started.',
    reason: 'Cloud Connect is set up from Console itself; Fieldkit only prepares and checks.',
    success: 'The Cloud Connect page offers "Connect to NetScaler Console service".',
  },
  {
    id: 'connect-to-service',
    text: 'Select Connect to NetScaler Console service.',
    reason: 'Console opens the Citrix Cloud sign-in in a pop-up window of the browser.',
    success: 'A Citrix Cloud sign-in window opens (if nothing opens, the pop-up blocker is still on).',
  },
  {
    id: 'cloud-login',
    text: 'Log in to your Citrix Cloud account.',
    reason: 'The account decides which NetScaler Console service tenant this Console joins.',
    success: 'Citrix Cloud lists the accounts (customers) you can use.',
  },
  {
    id: 'select-account',
    text: 'Select your account name to complete the login.',
    reason: 'With several customers, this picks the tenant; the CCID of this site should match it.',
    success: 'You are greeted with a "Login Successful" message.',
  },
  {
    id: 'connected',
    text: 'Check that Cloud Connect shows Connected; then enable integrations such as ServiceNow from the Cloud Connect configuration page if needed.',
    reason: 'Connected means Console reached Citrix Cloud; the features of its build start working.',
    success: 'Cloud Connect shows a Connected status.',
  },
];

const CREATE_TENANT_STEPS: GuideStep[] = [
  {
    id: 'open-console-service',
    text: 'Sign in to your Citrix Cloud account and select the NetScaler Console service tile.',
    reason: 'Console on-prem connects to a NetScaler Console service tenant; the tile creates one.',
    success: 'After the login, the page goes on to the steps that create the NetScaler Console service tenant.',
  },
  {
    id: 'choose-region',
    text: 'Select a region that suits your business needs and select Done.',
    reason: "The tenant's region decides which Citrix Cloud endpoints Console must reach; it should match this site's region.",
    success: 'The region is accepted and the setup asks for a role.',
  },
  {
    id: 'choose-role',
    text: 'Select a role and finish the setup.',
    reason: 'The tenant is ready only once its setup is finished.',
    success: 'The NetScaler Console service opens for the new tenant.',
  },
];

export const WORKFLOWS: Workflow[] = [
  {
    id: 1,
    title: 'Workflow 1: no Citrix Cloud account, no Console service tenant',
    when: { hasCloudAccount: false, hasConsoleTenant: false },
    steps: [
      {
        id: 'create-cloud-account',
        text: 'Create a Citrix Cloud account.',
        reason: 'Cloud Connect signs in to Citrix Cloud; without an account there is nothing to connect to.',
        success: 'You can sign in to Citrix Cloud with the new account.',
      },
      ...CREATE_TENANT_STEPS,
      ...CONNECT_STEPS,
    ],
  },
  {
    id: 2,
    title: 'Workflow 2: Citrix Cloud account, no Console service tenant',
    when: { hasCloudAccount: true, hasConsoleTenant: false },
    steps: [...CREATE_TENANT_STEPS, ...CONNECT_STEPS],
  },
  {
    id: 3,
    title: 'Workflow 3: Citrix Cloud account and Console service tenant',
    when: { hasCloudAccount: true, hasConsoleTenant: true },
    steps: CONNECT_STEPS,
  },
];

/** The two questions that decide the workflow, as the onboarding asks them. */
export const WORKFLOW_QUESTIONS = {
  hasCloudAccount: 'Does the customer already have a Citrix Cloud account?',
  hasConsoleTenant: 'Does that account already have a NetScaler Console service tenant?',
} as const;

/**
 * Steps on Console before the workflow's own, when the site needs them: the
 * region command (Government, Japan) and the proxy Console uses.
 */
export const REGION_STEP: GuideStep = {
  id: 'console-region',
  text: 'On the shell of NetScaler Console on-prem, run the region commands below.',
  reason: 'Console connects to the commercial Citrix Cloud unless it is told otherwise.',
  success: 'The command finishes and the Console processes are back (log in to the GUI again).',
};

export const PROXY_STEP: GuideStep = {
  id: 'console-proxy',
  text: 'On the Cloud Connect configuration page, select "Click to configure proxy server", enable the proxy and enter its IP/FQDN and port; add a user name and password if the proxy asks for them.',
  reason: 'Console reaches Citrix Cloud only through this proxy when its management network has no direct internet access.',
  success: 'Console saves the proxy; the connection steps below then go through it.',
};

/** The proxy types Cloud Connect supports, as the documentation lists them. */
export const CLOUD_CONNECT_PROXY_TYPES = [
  'Explicit forward proxy (non-intercepting)',
  'Explicit SSL-intercepting proxy',
  'Transparent SSL-intercepting proxy',
] as const;

/** The documentation's "NetScaler Console on-prem to proxy" port: the proxy step's default. */
export const CONSOLE_PROXY_DEFAULT_PORT = 80;

/** The steps of an onboarding in order, for a site's region, whether it uses a proxy, and its workflow. */
export function onboardingSteps(opts: { region: Region; hasProxy: boolean; workflow: 1 | 2 | 3 }): GuideStep[] {
  const needsRegionCommand = REGION_SETUP.find((r) => r.region === opts.region)?.consoleCommands !== undefined;
  return [
    ...(needsRegionCommand ? [REGION_STEP] : []),
    ...(opts.hasProxy ? [PROXY_STEP] : []),
    ...WORKFLOWS.find((w) => w.id === opts.workflow)!.steps,
  ];
}

/**
 * A prerequisite of the documentation. Network ones are checked live from
 * here with Check Connectivity (the site's region, CCID, service URL and
 * proxy); the others only the admin can confirm.
 */
export interface Prerequisite {
  id: string;
  text: string;
  reason: string;
  checkedBy: 'network' | 'user';
  /** Only for these workflows (the account and tenant a workflow does not create). */
  workflows?: Array<1 | 2 | 3>;
  /** Only when the site's Console uses a proxy. */
  proxyOnly?: boolean;
}

export const PREREQUISITES: Prerequisite[] = [
  {
    id: 'endpoints-reachable',
    text: 'Every required Citrix Cloud endpoint of the region is reachable (Trust service, Console service, Citrix Cloud sign-in), directly or through the proxy.',
    reason:
      'Console must have internet access or a proxy to reach Citrix Cloud; a blocked endpoint is "Required service URL not reachable".',
    checkedBy: 'network',
  },
  {
    id: 'port-443-out',
    text: 'Port 443 is open from NetScaler Console on-prem (or its proxy) to Citrix Cloud.',
    reason: 'Every Cloud Connect endpoint is HTTPS on port 443.',
    checkedBy: 'network',
  },
  {
    id: 'port-80-proxy',
    text: 'NetScaler Console on-prem reaches the proxy on its port (80 unless the proxy says otherwise).',
    reason: 'With a proxy, Console goes through it for every Cloud Connect request.',
    checkedBy: 'network',
    proxyOnly: true,
  },
  {
    id: 'laptop-internet',
    text: 'The laptop or machine used to open the Console GUI has internet access during the setup.',
    reason: 'The Citrix Cloud sign-in runs in that browser, not on Console.',
    checkedBy: 'user',
  },
  {
    id: 'popup-blocker',
    text: 'The browser pop-up blocker is disabled for the Console GUI host.',
    reason: 'The Citrix Cloud sign-in opens in a pop-up; when it is blocked, the sign-in never appears.',
    checkedBy: 'user',
  },
  {
    id: 'service-account',
    text: 'A NetScaler Console service account is available.',
    reason: 'The connection needs someone who can sign in to the NetScaler Console service.',
    checkedBy: 'user',
  },
  {
    id: 'cloud-account',
    text: 'The customer has a Citrix Cloud account you can sign in to.',
    reason: 'Workflows 2 and 3 start from an existing Citrix Cloud account.',
    checkedBy: 'user',
    workflows: [2, 3],
  },
  {
    id: 'console-tenant',
    text: 'The Citrix Cloud account has a NetScaler Console service tenant.',
    reason: 'Workflow 3 connects to the existing tenant.',
    checkedBy: 'user',
    workflows: [3],
  },
];

/** The prerequisites that apply to a site, in the documentation's order. */
export function prerequisitesFor(opts: { workflow: 1 | 2 | 3 | undefined; hasProxy: boolean }): Prerequisite[] {
  return PREREQUISITES.filter(
    (p) =>
      (!p.proxyOnly || opts.hasProxy) &&
      (p.workflows === undefined || (opts.workflow !== undefined && p.workflows.includes(opts.workflow))),
  );
}

/** Every id a site's onboarding progress may hold, for the IPC contract. */
export const ONBOARDING_STEP_IDS = [
  ...new Set([REGION_STEP.id, PROXY_STEP.id, ...WORKFLOWS.flatMap((w) => w.steps.map((s) => s.id))]),
] as readonly string[];
export const PREREQUISITE_IDS = PREREQUISITES.map((p) => p.id) as readonly string[];

export function workflowFor(hasCloudAccount: boolean, hasConsoleTenant: boolean): Workflow {
  // A tenant cannot exist without an account: "no account" always means workflow 1.
  if (!hasCloudAccount) return WORKFLOWS[0]!;
  return hasConsoleTenant ? WORKFLOWS[2]! : WORKFLOWS[1]!;
}

export interface RegionSetup {
  region: Region;
  label: string;
  /** Commands to run on the Console on-prem shell before connecting, if the region needs them. */
  consoleCommands?: string[];
  note?: string;
}

/** Each region with what Console needs before it connects there; ids, labels, order and commands come from the endpoint catalog. */
export const REGION_SETUP: RegionSetup[] = REGIONS.map((r) => ({
  region: r.id,
  label: r.label,
  ...(r.consoleCommands
    ? {
        consoleCommands: [...r.consoleCommands],
        note: 'The command restarts the NetScaler Console processes: plan a short interruption.',
      }
    : {}),
}));

/** The ports Cloud Connect needs, from the endpoint catalog. */
export const PORTS = catalogData.ports.map(({ port, from, to }) => ({ port, from, to }));

export const STATUSES = [
  {
    status: 'Connected',
    color: 'green',
    meaning: 'The connection is healthy.',
    action: 'Nothing to do. Status refreshes by itself every six hours.',
  },
  {
    status: 'Pending',
    color: 'blue',
    meaning: 'Cloud Connect is being established.',
    action: 'Wait, then use Refresh Cloud Connect Status.',
  },
  {
    status: 'Disconnected',
    color: 'gray',
    meaning: 'Someone disconnected Cloud Connect on purpose; the features it enables stop working.',
    action: 'Connect again from the Cloud Connect page if the features are needed.',
  },
  {
    status: 'Error',
    color: 'red',
    meaning: 'A problem was detected with the connection.',
    action:
      'Run Check Connectivity (here, in Diagnostics, or in Console with the CCID), fix what fails, run it again, then Refresh Cloud Connect Status.',
  },
] as const;

export const STATUS_FACTS = [
  'Console refreshes the status every six hours; Refresh Cloud Connect Status checks the required URLs at once.',
  'Console notifies on a change from Connected to Disconnected or Error, and back; while Disconnected or Error it notifies again every six hours.',
  'Notifications go through the event framework (category CloudConnectStatus): Slack, PagerDuty or ServiceNow; status events are under Settings > System Events.',
];

/** The guide's table, from the one copy of the documentation's rows (cloud-connect-builds.ts). */
export const BUILD_FEATURES = BUILD_FEATURE_ROWS.map((r) => ({
  builds: r.label,
  features: r.features,
  action: r.action,
  dataCollection: r.dataCollection,
  proxyCaUpload: r.from >= PROXY_CA_UPLOAD_FROM_BUILD,
}));

/**
 * The documentation's troubleshooting entries and its two error messages, each
 * with an id: Check Connectivity links its failures to them by id
 * (shared/diagnostics-failures.ts), so the guide, the Diagnostics page, the
 * CLI and the JSON run all point at the same entry.
 */
export const TROUBLESHOOTING = [
  {
    id: 'popup-blocked',
    problem: 'Pop-up blocked during sign-in (the sign-in window never appears)',
    fix: 'Allow pop-ups in the browser for the Console GUI host, then start onboarding again. The browser must also reach the Citrix Cloud sign-in hosts of your region.',
  },
  {
    id: 'endpoints-blocked',
    problem: 'Endpoints are blocked',
    fix: 'Allow the Trust service, Console service and Citrix Cloud sign-in hosts of your region on the firewall or proxy. Run a check in Diagnostics to see which one.',
  },
  {
    id: 'ssl-certificate-verification-failed',
    problem: '"SSL certificate verification failed"',
    fix: 'An SSL-intercepting proxy is in the path and its CA is not uploaded to Console (14.1-66.x and later support it). Diagnostics names the intercepting CA and lets you save it as PEM.',
  },
  {
    id: 'required-service-url-not-reachable',
    problem: '"Required service URL not reachable"',
    fix: 'The proxy settings do not work, or the URL is not allowed on the network. Diagnostics shows whether DNS, the proxy or the destination refused.',
  },
  {
    id: 'las-grace-period',
    problem: 'Licensing (LAS) grace-period warnings',
    fix: 'Console must reach Citrix Cloud, directly or through the proxy, for the entitlement to renew; repeated failures start the grace period.',
  },
] as const;

export type TroubleshootingId = (typeof TROUBLESHOOTING)[number]['id'];
export const TROUBLESHOOTING_IDS = TROUBLESHOOTING.map((t) => t.id) as [TroubleshootingId, ...TroubleshootingId[]];

export function troubleshootingEntry(id: TroubleshootingId): (typeof TROUBLESHOOTING)[number] {
  return TROUBLESHOOTING.find((t) => t.id === id)!;
}

/** The documentation's "Other options" after Cloud Connect is enabled, as recorded on a site. */
export const CONSOLE_OPTIONS = [
  {
    kind: 'modify-tenant',
    label: 'Modify Tenant',
    explanation:
      'Changes the tenant Console is connected to. Console opens a new tab where you sign in to Citrix Cloud; after a successful login you select a different tenant.',
  },
  {
    kind: 'modify-proxy',
    label: 'Modify Proxy',
    explanation:
      'Changes the proxy settings in NetScaler Console on-prem: needed when Console has no direct internet access through the management network. Select Modify Proxy from the list, update the details, then Save.',
  },
  {
    kind: 'disconnect',
    label: 'Disconnect',
    explanation:
      'Disables Cloud Connect: every feature enabled as part of Cloud Connect stops working (licensing through LAS, asset delivery, upgrade advisory, ServiceNow integration).',
  },
] as const satisfies ReadonlyArray<{ kind: 'modify-tenant' | 'modify-proxy' | 'disconnect'; label: string; explanation: string }>;
