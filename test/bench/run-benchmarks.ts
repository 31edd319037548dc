import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * npm run bench: every test/bench/*.bench.ts module, run one after another on
 * this machine, one figure per line. Ratios are measured side by side inside
 * one module's run so machine noise cancels.
 */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run(): Promise<BenchFigure[]> };
  try {
    for (const f of await mod.run()) {
      const value = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(3);
      console.log(`${f.name}: ${value} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
    }
  } catch (err) {
    failed = true;
    console.log(`${file}: failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exitCode = failed ? 1 : 0;
