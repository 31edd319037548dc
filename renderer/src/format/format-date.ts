/**
 * Every date on screen, in the user's locale and time zone. Dates come from
 * the engine as ISO strings or as X.509 validity text ("Jan  1 00:00:00 2027
 * GMT"); anything that does not parse is shown as it came rather than hidden.
 */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function parse(value: string): Date | undefined {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function formatDateTime(value: string): string {
  const d = parse(value);
  return d ? dateTime.format(d) : value;
}

export function formatDate(value: string): string {
  const d = parse(value);
  return d ? dateOnly.format(d) : value;
}
