import { z } from 'zod';

export const SETTINGS_VERSION = 1;

export const Theme = z.enum(['system', 'light', 'dark']);

export const Settings = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  appearance: z.strictObject({ theme: Theme }),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z.strictObject({
  appearance: z.strictObject({ theme: Theme }).partial().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = { version: SETTINGS_VERSION, appearance: { theme: 'system' } };

/** Something the user must be told about the data folder (a corrupt file moved aside, for example). */
export const StorageNotice = z.strictObject({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  /** Where the problematic file was kept, so the user can find it. */
  keptAt: z.string().optional(),
  at: z.string(),
});
export type StorageNotice = z.infer<typeof StorageNotice>;
