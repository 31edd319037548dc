/**
 * The YAML Ansible reads, written from plain data. Ansible templates every
 * string it is given, so two kinds of string are kept apart: a `Jinja`
 * expression Fieldkit wrote on purpose, and data from the plan (names,
 * labels), which is emitted `!unsafe` whenever it could be read as a template,
 * so no certkey name can ever run as Jinja.
 */

export class Jinja {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** A string Ansible should template (it holds `{{ … }}` on purpose). */
export function jinja(text: string): Jinja {
  return new Jinja(text);
}

export type YamlValue = string | number | boolean | null | Jinja | YamlValue[] | { [key: string]: YamlValue | undefined };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Words YAML 1.1 (PyYAML, Ansible's parser) reads as booleans or null when unquoted. */
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;
const TEMPLATE_MARK = /\{\{|\{%|\{#/;

/** A double-quoted scalar: JSON's escapes are YAML's; the Unicode line separators YAML folds are escaped too. */
function quoted(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function scalar(value: string | number | boolean | null | Jinja): string {
  if (value instanceof Jinja) return quoted(value.text);
  if (typeof value === 'string') return TEMPLATE_MARK.test(value) ? `!unsafe ${quoted(value)}` : quoted(value);
  if (value === null) return 'null';
  return String(value);
}

function key(k: string): string {
  return PLAIN_KEY.test(k) && !YAML11_WORDS.test(k) ? k : quoted(k);
}

function isCollection(value: YamlValue): value is YamlValue[] | { [key: string]: YamlValue | undefined } {
  return value !== null && typeof value === 'object' && !(value instanceof Jinja);
}

function entries(map: { [key: string]: YamlValue | undefined }): Array<[string, YamlValue]> {
  return Object.entries(map).filter((e): e is [string, YamlValue] => e[1] !== undefined);
}

function emptyCollection(value: YamlValue[] | { [key: string]: YamlValue | undefined }): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  return entries(value).length === 0 ? '{}' : undefined;
}

/** The lines of a collection, each indented by `indent` spaces. */
function blockLines(value: YamlValue[] | { [key: string]: YamlValue | undefined }, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && emptyCollection(item) === undefined) {
        const inner = blockLines(item, indent + 2);
        // The item's first line goes on the dash line.
        lines.push(`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
      } else {
        lines.push(`${pad}- ${isCollection(item) ? emptyCollection(item)! : scalar(item)}`);
      }
    }
    return lines;
  }
  for (const [k, v] of entries(value)) {
    if (isCollection(v) && emptyCollection(v) === undefined) {
      lines.push(`${pad}${key(k)}:`, ...blockLines(v, indent + 2));
    } else {
      lines.push(`${pad}${key(k)}: ${isCollection(v) ? emptyCollection(v)! : scalar(v)}`);
    }
  }
  return lines;
}

/** A YAML document: optional `#` comment lines, then the value in block style. */
export function toYaml(value: YamlValue[] | { [key: string]: YamlValue | undefined }, comments: string[] = []): string {
  const head = comments.map((c) => (c === '' ? '#' : `# ${c}`));
  const body = emptyCollection(value) ?? blockLines(value, 0).join('\n');
  return [...head, '---', body].join('\n') + '\n';
}
