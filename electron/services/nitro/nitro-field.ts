/**
 * A field of a NITRO record as text. NITRO sends strings, sometimes numbers or
 * booleans; anything else (a missing field, an object) reads as empty rather
 * than as "[object Object]".
 */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
