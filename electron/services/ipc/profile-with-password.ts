import type { SecretKind } from '../../../shared/schemas/secrets.ts';
import type { Engine } from '../engine.ts';

interface ProfileCollection<P extends { id: string }> {
  list(): P[];
  save(profile: P): Promise<void>;
  remove(id: string): Promise<boolean>;
}

/**
 * A saved profile whose password lives in the keychain under the profile's id:
 * the window sees the profile and "password saved", never the password.
 */
export function profileWithPassword<P extends { id: string }>(engine: Engine, kind: SecretKind, profiles: ProfileCollection<P>) {
  const ref = (profileId: string) => ({ kind, profileId });
  const state = async (profile: P) => ({ profile, passwordSaved: (await engine.secrets.status(ref(profile.id))).saved });
  return {
    list: () => Promise.all(profiles.list().map(state)),
    async save(profile: P, password: string | undefined) {
      if (password !== undefined) await engine.secrets.save(ref(profile.id), password);
      await profiles.save(profile);
      return state(profile);
    },
    async remove(id: string) {
      const ok = await profiles.remove(id);
      await engine.secrets.delete(ref(id));
      return { ok };
    },
    password: (profileId: string) => engine.secrets.reveal(ref(profileId)),
  };
}
