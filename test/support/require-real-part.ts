/**
 * Tests that need a real part this machine lacks (Squid, for example) skip with
 * one line, except under FIELDKIT_REQUIRE_ALL=1 (CI), where a missing part fails.
 */
export function realPartAvailable(missingReason: string | null): boolean {
  if (missingReason === null) return true;
  if (process.env.FIELDKIT_REQUIRE_ALL === '1') throw new Error(`FIELDKIT_REQUIRE_ALL=1 but a real part is missing: ${missingReason}`);
  console.warn(`skipped: ${missingReason}`);
  return false;
}
