import { isDeepStrictEqual } from 'node:util';
import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { ApplianceProfile } from '../../../shared/schemas/certificates.ts';
import type { SavedProxyProfile } from '../../../shared/schemas/profiles.ts';
import type { SecretKind } from '../../../shared/schemas/secrets.ts';
import type { ProfilesStore } from '../storage/profiles-store.ts';
import type { Secrets } from '../vault/secrets.ts';

export interface ProfileState<P> {
  profile: P;
  passwordSaved: boolean;
}

/**
 * Saved profiles of one kind whose passwords live in the keychain under the
 * profile's id: callers see the profile and "password saved", never the
 * password; only engine code asks for password(). A saved password belongs to
 * the destination it was typed for: saving the profile with another
 * destination (host, port, user, trust) and no new password drops it, so no
 * page can re-point a profile and have the engine send the password elsewhere.
 */
export interface SavedProfiles<P extends { id: string }> {
  list(): Promise<Array<ProfileState<P>>>;
  get(id: string): P;
  save(profile: P, password?: string): Promise<ProfileState<P>>;
  remove(id: string): Promise<{ ok: boolean }>;
  password(id: string): Promise<string | null>;
}

export interface ProfilesApi {
  proxies: SavedProfiles<SavedProxyProfile>;
  appliances: SavedProfiles<ApplianceProfile>;
}

/** What decides where a saved password is sent, and to whom it is proven; anything else (a name, a partition) may change freely. */
type Destination<P> = (profile: P) => unknown;

interface Collection<P> {
  refresh(): Promise<void>;
  all(): P[];
  get(id: string): P;
  put(profile: P): Promise<void>;
  remove(id: string): Promise<boolean>;
  destination: Destination<P>;
}

/** The Basic credentials go to the proxy itself, in clear HTTP: its CA certificates (for the interception behind it) do not decide where. */
const proxyDestination: Destination<SavedProxyProfile> = (p) =>
  p.type === 'transparent-ssl-intercepting' ? {} : { host: p.host.toLowerCase(), port: p.port, user: p.username };

const applianceDestination: Destination<ApplianceProfile> = (p) => ({
  host: p.host.toLowerCase(),
  port: p.port,
  user: p.username,
  trust: p.trust,
});

function savedProfiles<P extends { id: string }>(secrets: Secrets, kind: SecretKind, collection: Collection<P>): SavedProfiles<P> {
  const ref = (profileId: string) => ({ kind, profileId });
  const state = async (profile: P) => ({ profile, passwordSaved: (await secrets.status(ref(profile.id))).saved });
  const savePassword = async (profileId: string, password: string) => {
    try {
      await secrets.save(ref(profileId), password);
    } catch (err) {
      // An older password must not pass for the new one: best effort, the keychain that refused may refuse this too.
      await secrets.delete(ref(profileId)).catch(() => undefined);
      throw new FieldkitError(
        'PASSWORD_NOT_SAVED',
        `The profile "${profileId}" was saved without a password: the keychain refused it (${err instanceof Error ? err.message : String(err)}).`,
      );
    }
  };
  return {
    async list() {
      await collection.refresh();
      return Promise.all(collection.all().map(state));
    },
    get: (id) => collection.get(id),
    // The profile first: a save the store refuses (a profiles file from a newer Fieldkit) must not have replaced the password already.
    async save(profile, password) {
      const before = collection.all().find((p) => p.id === profile.id);
      // Dropped before the new destination is written: a failure in between leaves no password pointing at the new one.
      if (password === undefined && before && !isDeepStrictEqual(collection.destination(before), collection.destination(profile))) {
        await secrets.delete(ref(profile.id));
      }
      await collection.put(profile);
      if (password !== undefined) await savePassword(profile.id, password);
      return state(profile);
    },
    async remove(id) {
      const ok = await collection.remove(id);
      await secrets.delete(ref(id));
      return { ok };
    },
    password: (id) => secrets.reveal(ref(id)),
  };
}

export function createProfilesApi(store: ProfilesStore, secrets: Secrets): ProfilesApi {
  return {
    proxies: savedProfiles<SavedProxyProfile>(secrets, 'proxy-password', {
      refresh: () => store.refresh(),
      all: () => store.proxies(),
      get: (id) => store.proxy(id),
      put: (p) => store.saveProxy(p),
      remove: (id) => store.delete('proxies', id),
      destination: proxyDestination,
    }),
    appliances: savedProfiles<ApplianceProfile>(secrets, 'appliance-password', {
      refresh: () => store.refresh(),
      all: () => store.appliances(),
      get: (id) => store.appliance(id),
      put: (p) => store.saveAppliance(p),
      remove: (id) => store.delete('appliances', id),
      destination: applianceDestination,
    }),
  };
}
