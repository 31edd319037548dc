/** --region as people type it ("Gov", "JAPAN"): region ids are lower case, so the flag is read regardless of case. */
export function regionFlag(value: string): string {
  return value.trim().toLowerCase();
}
