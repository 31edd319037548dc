import { randomUUID } from 'node:crypto';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import { BuildParseError, parseConsoleBuild } from '../../../shared/cloud-connect-builds.ts';
import { parseInput } from '../../../shared/input-schema.ts';
import { parseServiceUrl, type EndpointCatalog } from '../diagnostics/endpoint-catalog.ts';
import { Site, SiteAction, SiteActionKind, SiteDetails, type SitesFile, type WorkflowId } from '../../../shared/schemas/sites.ts';
import type { SavedProfiles } from '../profiles/saved-profiles.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { SitesStore } from './sites-store.ts';

/**
 * What happened to a site, for the status monitor: it judges the connection
 * from these and from its refreshes (status-machine.ts).
 */
export type SiteChange =
  | { kind: 'saved'; site: Site }
  | { kind: 'removed'; siteId: string }
  /** The admin saw "Login Successful": from here a refresh decides Connected or Error. */
  | { kind: 'confirmed'; site: Site }
  /** Disconnect was recorded: every Cloud Connect feature of that Console stops. */
  | { kind: 'disconnected'; site: Site }
  /** Onboarding starts again (after a Disconnect, or from scratch): Pending. */
  | { kind: 'onboarding-restarted'; site: Site };

export interface SitesApi {
  /** Every site, as the file has it now (the CLI or the app may have changed it). */
  list(): Promise<Site[]>;
  /** By id, or by name regardless of case (what a CLI user types). */
  get(idOrName: string): Promise<Site>;
  /** The active site, if any: its region, CCID, service URL and proxy are the defaults everywhere. */
  active(): Promise<Site | undefined>;
  setActive(siteId: string): Promise<Site>;
  /** Adds a site (no id) or changes one; names are unique regardless of case. A new first site becomes active. */
  save(details: SiteDetails): Promise<Site>;
  remove(siteId: string): Promise<{ ok: boolean }>;
  chooseWorkflow(siteId: string, workflow: WorkflowId): Promise<Site>;
  /** Ticks or unticks one onboarding step or prerequisite (ids from shared/cloud-connect-guide.ts). */
  tick(siteId: string, item: { list: 'steps' | 'prerequisites'; id: string; done: boolean }): Promise<Site>;
  /** Records an action done in Console: connected ("Login Successful"), modify-tenant, modify-proxy, disconnect. */
  recordAction(siteId: string, action: { kind: SiteActionKind; note?: string | undefined }): Promise<Site>;
  /** Starts the onboarding again (after a Disconnect): steps unticked, prerequisites and workflow kept. */
  restartOnboarding(siteId: string): Promise<Site>;
  /** Called after every change, in order; returns a function that stops listening. */
  onChange(listener: (change: SiteChange) => void): () => void;
}

export interface SitesDeps {
  store: SitesStore;
  proxies: SavedProfiles<SavedProxyProfile>;
  /** The endpoint catalog a service URL is checked against (the diagnostics' own; tests pass theirs). */
  catalog?: EndpointCatalog;
  now?: () => Date;
}

/**
 * What a site's details must be for the other commands to use them: a build
 * the feature advisor can read, and a service URL of the site's own region
 * (the check Check Connectivity makes), refused at save rather than later.
 */
function checkBuildAndServiceUrl(details: SiteDetails, catalog: EndpointCatalog | undefined): void {
  if (details.consoleBuild !== undefined) {
    try {
      parseConsoleBuild(details.consoleBuild);
    } catch (err) {
      if (err instanceof BuildParseError)
        throw new FieldkitError('INVALID_INPUT', err.message, {
          field: 'consoleBuild',
          hint: 'Copy it from "show ns version" on Console, or leave the build empty.',
        });
      throw err;
    }
  }
  if (details.serviceUrl !== undefined) parseServiceUrl(details.serviceUrl, details.region, catalog);
}

export function createSitesApi(deps: SitesDeps): SitesApi {
  const listeners = new Set<(change: SiteChange) => void>();
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const emit = (change: SiteChange) => {
    for (const l of listeners) l(change);
  };

  function find(file: SitesFile, idOrName: string): Site {
    const byId = file.sites.find((s) => s.id === idOrName);
    const site = byId ?? file.sites.find((s) => s.name.toLowerCase() === idOrName.trim().toLowerCase());
    if (!site) throw new FieldkitError('SITE_NOT_FOUND', `There is no site "${idOrName}".`, { field: 'siteId' });
    return site;
  }

  /** Changes one site as the file has it now, and returns it as saved. */
  async function change(siteId: string, edit: (site: Site, at: string) => Site): Promise<Site> {
    let changed: Site | undefined;
    await deps.store.update((file) => {
      const at = now();
      const site = find(file, siteId);
      changed = Site.parse({ ...edit(structuredClone(site), at), updatedAt: at });
      return { ...file, sites: file.sites.map((s) => (s.id === site.id ? changed! : s)) };
    });
    return changed!;
  }

  return {
    async list() {
      await deps.store.refresh();
      return deps.store.value.sites;
    },
    async get(idOrName) {
      await deps.store.refresh();
      return find(deps.store.value, idOrName);
    },
    async active() {
      await deps.store.refresh();
      const file = deps.store.value;
      return file.sites.find((s) => s.id === file.activeSiteId);
    },
    async setActive(siteId) {
      let site: Site | undefined;
      await deps.store.update((file) => {
        site = find(file, siteId);
        return { ...file, activeSiteId: site.id };
      });
      return site!;
    },
    async save(input) {
      const details = parseInput(SiteDetails, input);
      checkBuildAndServiceUrl(details, deps.catalog);
      if (details.proxyProfileId !== undefined) deps.proxies.get(details.proxyProfileId);
      let saved: Site | undefined;
      await deps.store.update((file) => {
        const at = now();
        const sameName = file.sites.find((s) => s.name.toLowerCase() === details.name.toLowerCase() && s.id !== details.id);
        if (sameName) {
          throw new FieldkitError('SITE_NAME_TAKEN', `A site named "${sameName.name}" exists already.`, { field: 'name' });
        }
        const before = details.id === undefined ? undefined : file.sites.find((s) => s.id === details.id);
        if (details.id !== undefined && !before) {
          throw new FieldkitError('SITE_NOT_FOUND', `There is no site "${details.id}".`, { field: 'id' });
        }
        saved = Site.parse({
          ...details,
          id: before?.id ?? randomUUID(),
          onboarding: before?.onboarding ?? { steps: {}, prerequisites: {} },
          actions: before?.actions ?? [],
          createdAt: before?.createdAt ?? at,
          updatedAt: at,
        });
        const sites = before ? file.sites.map((s) => (s.id === before.id ? saved! : s)) : [...file.sites, saved];
        return { ...file, sites, activeSiteId: file.activeSiteId ?? saved.id };
      });
      emit({ kind: 'saved', site: saved! });
      return saved!;
    },
    async remove(siteId) {
      let removed: string | undefined;
      await deps.store.update((file) => {
        const site = file.sites.find((s) => s.id === siteId || s.name.toLowerCase() === siteId.toLowerCase());
        removed = site?.id;
        const sites = file.sites.filter((s) => s.id !== removed);
        // Another site becomes active rather than none, so the defaults elsewhere stay a site the user has.
        const activeSiteId = file.activeSiteId === removed ? sites[0]?.id : file.activeSiteId;
        return { version: file.version, sites, ...(activeSiteId ? { activeSiteId } : {}) };
      });
      if (removed) emit({ kind: 'removed', siteId: removed });
      return { ok: removed !== undefined };
    },
    async chooseWorkflow(siteId, workflow) {
      const site = await change(siteId, (s) => ({ ...s, onboarding: { ...s.onboarding, workflow } }));
      emit({ kind: 'saved', site });
      return site;
    },
    async tick(siteId, { list, id, done }) {
      const site = await change(siteId, (s, at) => {
        const items = { ...s.onboarding[list] };
        if (done) items[id] = items[id] ?? { at };
        else delete items[id];
        return { ...s, onboarding: { ...s.onboarding, [list]: items } };
      });
      emit({ kind: 'saved', site });
      return site;
    },
    async recordAction(siteId, given) {
      // Checked before the site is touched, so a bad note is the user's input, not a site that failed to save.
      const kind = parseInput(SiteActionKind, given.kind, 'kind');
      const note = parseInput(SiteAction.shape.note, given.note, 'note');
      const site = await change(siteId, (s, at) => {
        const action: SiteAction = { kind, at, ...(note ? { note } : {}) };
        const onboarding = kind === 'connected' ? { ...s.onboarding, confirmedAt: at } : s.onboarding;
        return { ...s, onboarding, actions: [...s.actions, action].slice(-500) };
      });
      if (kind === 'connected') emit({ kind: 'confirmed', site });
      else if (kind === 'disconnect') emit({ kind: 'disconnected', site });
      else emit({ kind: 'saved', site });
      return site;
    },
    async restartOnboarding(siteId) {
      const site = await change(siteId, (s) => {
        const { confirmedAt: _dropped, ...rest } = s.onboarding;
        return { ...s, onboarding: { ...rest, steps: {} } };
      });
      emit({ kind: 'onboarding-restarted', site });
      return site;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
