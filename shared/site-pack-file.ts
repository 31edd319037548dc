/**
 * How the operating system knows a site pack: its file extension (a pack is "Berlin DC.fieldkit"), the name of
 * the file type and its MIME type. electron-builder.yml declares the same association for each OS;
 * test/unit/packaging-config.test.ts holds the two together.
 */
export const SITE_PACK_EXTENSION = 'fieldkit';
export const SITE_PACK_TYPE_NAME = 'Fieldkit site pack';
export const SITE_PACK_MIME_TYPE = 'application/x-fieldkit-pack';

/** The window takes at most this many opened site packs per call (openedSitePacks) and asks again for the rest. */
export const OPENED_SITE_PACKS_MAX = 50;
