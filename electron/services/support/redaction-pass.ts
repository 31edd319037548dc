import type { RedactionCounts } from '../../../shared/schemas/support.ts';
import { RedactionTally, scrubText, scrubValue } from '../log/secret-patterns.ts';
import type { SecretRedactor } from '../log/secret-redactor.ts';

export interface RedactedFile {
  name: string;
  data: Buffer;
  redactions: RedactionCounts;
}

/**
 * Every file of a support bundle passes here before it is zipped. JSON is
 * scrubbed value by value (a field named password loses its value whatever it
 * holds, and the file still parses); JSON lines line by line; anything else
 * as text.
 */
export function redactFile(name: string, content: string, redactor: SecretRedactor): RedactedFile {
  const tally = new RedactionTally();
  let out: string;
  if (name.endsWith('.json')) out = redactJson(content, redactor, tally, 2) ?? scrubText(content, redactor, tally);
  else if (name.endsWith('.jsonl')) {
    out = content
      .split('\n')
      .map((line) => (line === '' ? line : (redactJson(line, redactor, tally) ?? scrubText(line, redactor, tally))))
      .join('\n');
  } else out = scrubText(content, redactor, tally);
  return { name, data: Buffer.from(out, 'utf8'), redactions: tally.counts };
}

function redactJson(text: string, redactor: SecretRedactor, tally: RedactionTally, indent?: number): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out = JSON.stringify(scrubValue(parsed, redactor, tally), null, indent);
  return indent === undefined ? out : `${out}\n`;
}
