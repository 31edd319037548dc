#!/usr/bin/env node
// npm run test:electron: the end-to-end suite in the real Electron app, on machines that have
// the Electron binary (a normal `npm install` downloads it). Where it is absent this says so in
// one line and runs nothing, so it is never mistaken for a pass.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const pathTxt = join('node_modules', 'electron', 'path.txt');
const binary = existsSync(pathTxt) ? join('node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim()) : undefined;
if (!binary || !existsSync(binary)) {
  console.log(
    'Electron end-to-end suite not run: the Electron binary is not installed here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or no internet). Nothing was tested.',
  );
  process.exit(0);
}

const build = spawnSync(join('node_modules', '.bin', 'electron-vite'), ['build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const vitest = [join('node_modules', '.bin', 'vitest'), 'run', '--config', 'vitest.electron.config.ts'];
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
const r = needsDisplay
  ? spawnSync('xvfb-run', ['-a', ...vitest], { stdio: 'inherit' })
  : spawnSync(vitest[0], vitest.slice(1), { stdio: 'inherit' });
process.exit(r.status ?? 1);
