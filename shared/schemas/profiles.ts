import { z } from 'zod';
import { ApplianceProfile } from './certificates.ts';
import { ProxyProfile } from './diagnostics.ts';
import { Sync } from './syncs.ts';

/** 2: saved syncs. */
export const PROFILES_VERSION = 2;

/** A proxy profile as saved: it must have an id, which keys its password in the keychain. */
export const SavedProxyProfile = ProxyProfile.refine((p) => typeof p.id === 'string' && p.id.length > 0, {
  message: 'A saved proxy profile needs an id.',
  path: ['id'],
});
export type SavedProxyProfile = ProxyProfile & { id: string };

/** Proxies, appliances and syncs the user saved. No secret is ever part of it: passwords live in the keychain. */
export const ProfilesFile = z.strictObject({
  version: z.literal(PROFILES_VERSION),
  proxies: z.array(SavedProxyProfile),
  appliances: z.array(ApplianceProfile),
  syncs: z.array(Sync),
});
export type ProfilesFile = z.infer<typeof ProfilesFile>;

export const ProxyProfileState = z.strictObject({ profile: ProxyProfile, passwordSaved: z.boolean() });
export type ProxyProfileState = z.infer<typeof ProxyProfileState>;

export const ApplianceProfileState = z.strictObject({ profile: ApplianceProfile, passwordSaved: z.boolean() });
export type ApplianceProfileState = z.infer<typeof ApplianceProfileState>;
