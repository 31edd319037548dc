import { AllowlistFilter, type AllowlistDocument, type AllowlistFilterInput } from '../../../shared/schemas/allowlist.ts';

/** Endpoint geos that hold for every region, kept whichever geo is asked for. */
const EVERY_GEO = new Set(['all', 'global']);

/**
 * The part of a document a filter keeps: the named services (by name, in
 * either direction), one direction, required ones only, one geo. A service
 * left with no endpoint for the geo is dropped. `unknownServices` names the
 * filter's services the document does not hold, so a typo is not silent.
 */
export function filterAllowlist(
  doc: AllowlistDocument,
  input: AllowlistFilterInput = {},
): { doc: AllowlistDocument; unknownServices: string[] } {
  const filter = AllowlistFilter.parse(input);
  const wanted = filter.services === undefined ? undefined : new Set(filter.services.map((s) => s.toLowerCase()));
  const known = new Set(doc.services.map((s) => s.name.toLowerCase()));
  const services = doc.services.flatMap((s) => {
    if (wanted && !wanted.has(s.name.toLowerCase())) return [];
    if (filter.direction !== 'all' && s.direction !== filter.direction) return [];
    if (filter.requiredOnly && !s.required) return [];
    if (filter.geo === 'all') return [s];
    const endpoints = s.endpoints.filter((e) => e.geo === filter.geo || EVERY_GEO.has(e.geo));
    return endpoints.length === 0 ? [] : [{ ...s, endpoints }];
  });
  const out: AllowlistDocument = { ...doc, services };
  return { doc: out, unknownServices: (filter.services ?? []).filter((s) => !known.has(s.toLowerCase())) };
}
