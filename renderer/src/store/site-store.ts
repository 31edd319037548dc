import { create } from 'zustand';

/**
 * What the user told Fieldkit about the site they work on, typed once and
 * offered wherever it is asked again: the CCID of a check on the Diagnostics
 * page is the customer ID of an allowlist fetch. Kept for the window's life
 * only, like every other input.
 */
/** An allowlist version whose outbound hosts the next check takes instead of the region's list ("check these endpoints"). */
export interface AllowlistCheck {
  versionId: number;
  label: string;
}

interface SiteState {
  ccid: string;
  setCcid: (ccid: string) => void;
  allowlistCheck: AllowlistCheck | undefined;
  setAllowlistCheck: (check: AllowlistCheck | undefined) => void;
}

export const useSiteStore = create<SiteState>()((set) => ({
  ccid: '',
  setCcid: (ccid) => set({ ccid }),
  allowlistCheck: undefined,
  setAllowlistCheck: (allowlistCheck) => set({ allowlistCheck }),
}));
