import { create } from 'zustand';

/**
 * What the user typed for the check at hand, on top of the active site's
 * values (renderer/src/api/use-sites.ts): the CCID of a check on the
 * Diagnostics page is the customer ID of an allowlist fetch. A new active
 * site, a change to it, or "Check connectivity now" starts again from the
 * site's values. Kept for the window's life only, like every other input.
 */
/** An allowlist version whose outbound hosts the next check takes instead of the region's list ("check these endpoints"). */
export interface AllowlistCheck {
  versionId: number;
  label: string;
}

interface SiteState {
  ccid: string;
  setCcid: (ccid: string) => void;
  /** Which site values (site, version, request) the CCID was last taken from. */
  ccidFromSite: string | undefined;
  takeCcidFromSite: (key: string, ccid: string) => void;
  /** Raised to make the pages take the active site's values again, over what was typed. */
  defaultsRequest: number;
  takeSiteValuesAgain: () => void;
  allowlistCheck: AllowlistCheck | undefined;
  setAllowlistCheck: (check: AllowlistCheck | undefined) => void;
}

export const useSiteStore = create<SiteState>()((set) => ({
  ccid: '',
  setCcid: (ccid) => set({ ccid }),
  ccidFromSite: undefined,
  takeCcidFromSite: (key, ccid) => set({ ccidFromSite: key, ccid }),
  defaultsRequest: 0,
  takeSiteValuesAgain: () => set((s) => ({ defaultsRequest: s.defaultsRequest + 1 })),
  allowlistCheck: undefined,
  setAllowlistCheck: (allowlistCheck) => set({ allowlistCheck }),
}));
