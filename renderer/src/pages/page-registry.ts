import { lazy, type ComponentType } from 'react';
import type { PageId } from '../store/app-store.ts';

export interface PageInfo {
  id: PageId;
  label: string;
  /** What the page is for, in the admin's words; placeholders show it as their promise. */
  summary: string;
  /** Loaded on first visit, so a page's libraries (tables, charts) are fetched only with it; none yet for a placeholder. */
  component?: ComponentType;
}

export const PAGES: PageInfo[] = [
  {
    id: 'cloud-connect',
    label: 'Cloud Connect',
    summary:
      'Walk through onboarding workflows 1 to 3 for NetScaler Console Cloud Connect, per region, with the status (Connected, Disconnected, Pending, Error) and what each state means.',
    component: lazy(() => import('./cloud-connect/cloud-connect-page.tsx').then((m) => ({ default: m.CloudConnectPage }))),
  },
  {
    id: 'diagnostics',
    label: 'Diagnostics',
    summary:
      'Check Connectivity: every Citrix Cloud endpoint Console needs, directly or through the site proxy, with a per-phase waterfall and the fix for each failure.',
    component: lazy(() => import('./diagnostics/diagnostics-page.tsx').then((m) => ({ default: m.DiagnosticsPage }))),
  },
  {
    id: 'allowlist',
    label: 'Allowlist',
    summary:
      'Fetch the Citrix Cloud connectivity allowlist, keep every version for offline use, compare two versions, and export it for firewalls and proxies.',
    component: lazy(() => import('./allowlist/allowlist-page.tsx').then((m) => ({ default: m.AllowlistPage }))),
  },
  {
    id: 'certificates',
    label: 'Certificates',
    summary: 'Validate a certificate bundle, plan the NITRO calls, and push it to one NetScaler ADC or a fleet, with rollback on failure.',
    component: lazy(() => import('./certificates/certificates-page.tsx').then((m) => ({ default: m.CertificatesPage }))),
  },
  {
    id: 'site-packs',
    label: 'Site packs',
    summary: 'Prepare a site offline before a visit: proxy, appliances, bundles and checks, exported and imported as one file.',
    component: lazy(() => import('./site-packs/site-packs-page.tsx').then((m) => ({ default: m.SitePacksPage }))),
  },
  {
    id: 'support',
    label: 'Support',
    summary: 'Gather a support bundle of recent checks and pushes, free of secrets, to send to a support engineer.',
    component: lazy(() => import('./support/support-page.tsx').then((m) => ({ default: m.SupportPage }))),
  },
  {
    id: 'settings',
    label: 'Settings',
    summary: 'Appearance, the keychain, and stored credentials.',
    component: lazy(() => import('./settings-page.tsx').then((m) => ({ default: m.SettingsPage }))),
  },
];
