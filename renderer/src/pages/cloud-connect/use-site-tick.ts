import type { Site } from '../../../../shared/schemas/sites.ts';
import { useEngineMutation } from '../../api/engine-query.ts';

/** Ticks or unticks one step or prerequisite of a site's onboarding; saved at once, so a half-done onboarding resumes. */
export function useSiteTick(site: Site) {
  const tick = useEngineMutation('siteTick');
  return {
    error: tick.error,
    pending: tick.isPending,
    /** Resolves false when it was not saved; the error is in `error`. */
    set: (list: 'steps' | 'prerequisites', id: string, done: boolean): Promise<boolean> =>
      tick.mutateAsync({ siteId: site.id, list, id, done }).then(
        () => true,
        () => false,
      ),
    done: (list: 'steps' | 'prerequisites', id: string) => site.onboarding[list][id] !== undefined,
  };
}
