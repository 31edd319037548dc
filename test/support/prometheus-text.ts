/**
 * A strict reader of the Prometheus text exposition format (0.0.4), after its
 * documented grammar: HELP and TYPE lines, samples `name{label="value",...} value [timestamp]`,
 * label values escaped with \\, \" and \n, one TYPE per family before its
 * samples, a family's samples together, no label set twice. Throws on anything else.
 */
export interface PromSample {
  labels: Record<string, string>;
  value: number;
}
export interface PromFamily {
  help?: string;
  type?: string;
  samples: PromSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const closed = new Set<string>();
  let current: string | undefined;
  const family = (name: string): PromFamily => {
    if (!METRIC_NAME.test(name)) throw new Error(`bad metric name ${name}`);
    if (current !== name) {
      if (closed.has(name)) throw new Error(`samples of ${name} are not together`);
      if (current !== undefined) closed.add(current);
      current = name;
    }
    let f = families.get(name);
    if (!f) families.set(name, (f = { samples: [] }));
    return f;
  };
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) return;
      const f = family(m[2]!);
      if (m[1] === 'HELP') {
        if (f.help !== undefined) throw new Error(`${where}: second HELP for ${m[2]}`);
        f.help = unescape(m[3] ?? '', false);
      } else {
        if (f.type !== undefined || f.samples.length) throw new Error(`${where}: TYPE for ${m[2]} repeated or after its samples`);
        if (!TYPES.has(m[3] ?? '')) throw new Error(`${where}: unknown type ${m[3]}`);
        f.type = m[3];
      }
      return;
    }
    const nameEnd = line.search(/[{\s]/);
    if (nameEnd <= 0) throw new Error(`${where}: no value`);
    const name = line.slice(0, nameEnd);
    let rest = line.slice(nameEnd);
    const labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      rest = rest.slice(1);
      for (;;) {
        rest = rest.trimStart();
        if (rest.startsWith('}')) {
          rest = rest.slice(1);
          break;
        }
        const lm = /^([^=\s]+)\s*=\s*"/.exec(rest);
        if (!lm || !LABEL_NAME.test(lm[1]!)) throw new Error(`${where}: bad label in ${line}`);
        rest = rest.slice(lm[0].length);
        let value = '';
        for (;;) {
          const c = rest[0];
          if (c === undefined) throw new Error(`${where}: unterminated label value`);
          rest = rest.slice(1);
          if (c === '"') break;
          if (c === '\n') throw new Error(`${where}: raw newline in label value`);
          if (c === '\\') {
            const e = rest[0];
            rest = rest.slice(1);
            if (e === '\\') value += '\\';
            else if (e === '"') value += '"';
            else if (e === 'n') value += '\n';
            else throw new Error(`${where}: bad escape \\${e}`);
          } else value += c;
        }
        if (lm[1]! in labels) throw new Error(`${where}: label ${lm[1]} twice`);
        labels[lm[1]!] = value;
        rest = rest.trimStart();
        if (rest.startsWith(',')) rest = rest.slice(1);
        else if (!rest.startsWith('}')) throw new Error(`${where}: expected , or } in ${line}`);
      }
    }
    const parts = rest.trim().split(/\s+/);
    if (parts.length < 1 || parts.length > 2 || parts[0] === '') throw new Error(`${where}: bad value part "${rest}"`);
    const value = parseValue(parts[0]!, where);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new Error(`${where}: bad timestamp`);
    const f = family(name);
    const key = JSON.stringify(Object.entries(labels).sort());
    if (f.samples.some((s) => JSON.stringify(Object.entries(s.labels).sort()) === key)) throw new Error(`${where}: ${name}${key} twice`);
    f.samples.push({ labels, value });
  });
  return families;
}

function parseValue(text: string, where: string): number {
  if (text === 'NaN') return NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: bad value ${text}`);
  return Number(text);
}

function unescape(text: string, quotes: boolean): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === '\\' ? '\\' : quotes && c === '"' ? '"' : `\\${c}`));
}
