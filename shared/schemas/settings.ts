import { z } from 'zod';

/** 2: the Cloud Connect status refresh interval. */
export const SETTINGS_VERSION = 2;

export const Theme = z.enum(['system', 'light', 'dark']);

/** Console refreshes Cloud Connect status every six hours; a site watched from here follows the same default. */
export const DEFAULT_REFRESH_HOURS = 6;

export const CloudConnectSettings = z.strictObject({
  /** How often the status monitor refreshes every site, in hours. */
  refreshIntervalHours: z
    .number({ error: 'The refresh interval must be a number of hours.' })
    .min(0.25, 'Refresh at most every 15 minutes (0.25 hours).')
    .max(168, 'Refresh at least once a week (168 hours).'),
});

export const Settings = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  appearance: z.strictObject({ theme: Theme }),
  cloudConnect: CloudConnectSettings,
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z.strictObject({
  appearance: z.strictObject({ theme: Theme }).partial().optional(),
  cloudConnect: CloudConnectSettings.partial().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  appearance: { theme: 'system' },
  cloudConnect: { refreshIntervalHours: DEFAULT_REFRESH_HOURS },
};

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
