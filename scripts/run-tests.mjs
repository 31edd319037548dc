#!/usr/bin/env node
// The one test command (npm test): format and lint checks, typecheck, build, then every vitest suite under a
// real, throwaway Secret Service, ending with the plain "N passed, M failed" line CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Fieldkit's tests need Node 24 or newer (the Node inside its Electron); this is Node ${process.versions.node}. See README.md.`,
  );
  process.exit(2);
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

const args = process.argv.slice(2);

if (!process.env.FIELDKIT_IN_KEYRING && which('dbus-run-session') && which('gnome-keyring-daemon')) {
  // A private session bus and keyring in a temporary folder: tests never see the user's own keychain.
  const keyringHome = mkdtempSync(join(tmpdir(), 'fieldkit-keyring-'));
  const inner = `echo -n fieldkit-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "${process.execPath}" scripts/run-tests.mjs "$@"`;
  const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, 'sh', ...args], {
    stdio: 'inherit',
    env: { ...process.env, FIELDKIT_IN_KEYRING: '1', XDG_DATA_HOME: keyringHome, XDG_RUNTIME_DIR: keyringHome },
  });
  rmSync(keyringHome, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

function step(label, cmd, cmdArgs) {
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`\n${label} failed.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const bin = (name) => join('node_modules', '.bin', name);
step('Format (Prettier)', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
step('Lint (ESLint, type-checked, with the layering rules)', bin('eslint'), ['--max-warnings', '0', '.']);
step('Typecheck (engine and main, renderer, tests)', process.execPath, [join('scripts', 'typecheck.mjs')]);
step('Build (electron-vite)', bin('electron-vite'), ['build']);

console.log('\n== Tests (vitest)');
const report = join(mkdtempSync(join(tmpdir(), 'fieldkit-vitest-')), 'report.json');
const r = spawnSync(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], {
  stdio: 'inherit',
});
if (!existsSync(report)) {
  console.log('vitest wrote no report.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const json = JSON.parse(readFileSync(report, 'utf8'));
const passed = json.numPassedTests ?? 0;
const failed = (json.numFailedTests ?? 0) + suitesThatFailedToRun(json);
const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);

// A test file that failed to load has no failed test of its own; count it once as a failure.
function suitesThatFailedToRun(j) {
  return (j.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed'))
    .length;
}
