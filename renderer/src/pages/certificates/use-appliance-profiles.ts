import { useEngineQuery } from '../../api/engine-query.ts';

/** The saved appliances, one cached list shared by every Certificates tab. */
export function useApplianceProfiles() {
  return useEngineQuery('applianceProfilesList', []);
}
