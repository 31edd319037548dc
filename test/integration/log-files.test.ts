import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run-cli.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { logFilesIn, RotatingLogFile } from '../../electron/services/log/rotating-log-file.ts';
import { SecretRedactor } from '../../electron/services/log/secret-redactor.ts';
import { MemoryVault } from '../../electron/services/vault/memory-vault.ts';
import { startTestEngine } from '../support/test-engine.ts';

const folders: string[] = [];
const tempFolder = () => {
  const d = mkdtempSync(join(tmpdir(), 'fk-logs-'));
  folders.push(d);
  return d;
};
afterAll(() => {
  for (const d of folders) rmSync(d, { recursive: true, force: true });
});

interface FileLine {
  time: string;
  level: string;
  area: string;
  message: string;
  fields?: Record<string, unknown>;
}
const linesOf = (path: string): FileLine[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as FileLine);

describe('rotating log file', () => {
  it('keeps the current file and the given number of older ones, each within the size, in order', () => {
    const folder = tempFolder();
    const log = new RotatingLogFile({ folder, name: 'app', maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++) log.write(JSON.stringify({ n: i, pad: 'x'.repeat(80) }));
    expect(readdirSync(folder).sort()).toEqual(['app.1.jsonl', 'app.2.jsonl', 'app.jsonl']);
    const files = logFilesIn(folder);
    expect(files.map((f) => f.slice(folder.length + 1))).toEqual(['app.jsonl', 'app.1.jsonl', 'app.2.jsonl']);
    for (const f of files) expect(statSync(f).size).toBeLessThanOrEqual(1000);
    // Oldest to newest, the kept lines follow on with no gap, and end with the last one written.
    const kept = [...files].reverse().flatMap((f) => linesOf(f).map((l) => (l as unknown as { n: number }).n));
    expect(kept.at(-1)).toBe(99);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 100 - kept.length + i));
    expect(kept.length).toBeLessThan(100);
    expect(statSync(files[0]!).mode & 0o777).toBe(0o600);
  });

  it('writes a line longer than the limit to a file of its own rather than losing it', () => {
    const folder = tempFolder();
    const log = new RotatingLogFile({ folder, name: 'cli', maxBytes: 100, keep: 1 });
    log.write('{"short":1}');
    log.write(JSON.stringify({ long: 'y'.repeat(300) }));
    expect(readFileSync(join(folder, 'cli.jsonl'), 'utf8')).toContain('y'.repeat(300));
    expect(readFileSync(join(folder, 'cli.1.jsonl'), 'utf8')).toBe('{"short":1}\n');
  });

  it('continues where another writer (a second process) left the file', () => {
    const folder = tempFolder();
    const a = new RotatingLogFile({ folder, name: 'app', maxBytes: 500, keep: 1 });
    const b = new RotatingLogFile({ folder, name: 'app', maxBytes: 500, keep: 1 });
    for (let i = 0; i < 20; i++) (i % 2 ? a : b).write(JSON.stringify({ n: i, pad: 'z'.repeat(40) }));
    for (const f of logFilesIn(folder)) expect(statSync(f).size).toBeLessThanOrEqual(500);
    expect(linesOf(join(folder, 'app.jsonl')).at(-1)).toMatchObject({ n: 19 });
  });
});

describe('the engine log', () => {
  it('writes JSON lines (time, level, area, message, fields) with every secret removed as it writes', async () => {
    const te = await startTestEngine({ dataFolder: tempFolder(), vault: new MemoryVault('logs') });
    const known = 'Known-Pr0xy-Secret';
    te.engine.redactor.remember(known);
    te.engine.logger
      .area('diagnostics')
      .warn(`proxy answered 407 for ${known}; Proxy-Authorization: Basic YWxpY2U6cGxhbnRlZA== Cookie: NITRO_AUTH_TOKEN=##5EED0FF1CE`, {
        password: 'Field-Passw0rd',
        hook: 'https://hooks.slack.com/services/T00/B00/PlantedHookToken1',
        attempt: 2,
      });
    te.close();
    const [line] = linesOf(join(te.dataFolder, 'logs', 'app.jsonl')).filter((l) => l.area === 'diagnostics');
    expect(line).toMatchObject({ level: 'warn', area: 'diagnostics', fields: { attempt: 2, password: '[redacted]' } });
    expect(Date.parse(line!.time)).not.toBeNaN();
    const text = JSON.stringify(line);
    for (const secret of [known, 'YWxpY2U6cGxhbnRlZA', '5EED0FF1CE', 'Field-Passw0rd', 'PlantedHookToken1'])
      expect(text).not.toContain(secret);
    expect(line!.message).toContain('Proxy-Authorization: Basic [redacted]');
  });

  it('records debug lines only once the user raises the level, and for that session only', async () => {
    const dataFolder = tempFolder();
    const first = await startTestEngine({ dataFolder, vault: new MemoryVault('logs') });
    const dispatch = (channel: string, input?: unknown) => first.dispatcher.dispatch(channel, input, { emit: () => undefined });
    first.engine.logger.debug('hidden at the usual level');
    expect(await dispatch('logLevelGet')).toEqual({ ok: true, value: { level: 'info' } });
    expect(await dispatch('logLevelSet', { level: 'debug' })).toEqual({ ok: true, value: { level: 'debug' } });
    first.engine.logger.debug('shown once raised');
    // The window's own calls are logged at debug: which channel, how long, how it ended.
    await dispatch('logLevelGet');
    first.close();
    const second = await startTestEngine({ dataFolder, vault: new MemoryVault('logs') });
    expect(second.engine.support.logLevel()).toEqual({ level: 'info' });
    second.engine.logger.debug('hidden again after a restart');
    second.close();

    const messages = linesOf(join(dataFolder, 'logs', 'app.jsonl')).map((l) => `${l.level} ${l.area} ${l.message}`);
    expect(messages).toContain('debug engine shown once raised');
    expect(messages).toContain('info support Log level set to debug for this session');
    expect(messages).toContainEqual(expect.stringMatching(/^debug ipc logLevelGet: ok$/));
    expect(messages.join('\n')).not.toMatch(/hidden/);
  });

  it('the CLI writes its own file, and --verbose adds debug lines for that run', async () => {
    const home = tempFolder();
    const env = { FIELDKIT_HOME: home, FIELDKIT_VAULT: 'memory' };
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => err.push(t) };
    expect(await runCli({ argv: ['info'], env, io, version: '0.0.0-test' })).toBe(0);
    expect(await runCli({ argv: ['--verbose', 'info'], env, io, version: '0.0.0-test' })).toBe(0);
    const lines = linesOf(join(home, 'logs', 'cli.jsonl'));
    expect(lines.filter((l) => l.message === 'fieldkit info')).toHaveLength(2);
    expect(lines.filter((l) => l.level === 'debug')).toHaveLength(1);
    expect(lines.find((l) => l.message.includes('ended with exit code 0'))).toMatchObject({ area: 'cli', fields: { exitCode: 0 } });
    expect(readdirSync(join(home, 'logs'))).toEqual(['cli.jsonl']);
  });
});

describe('a log file that cannot be written', () => {
  it('is said once on the other sink, and logging goes on there', () => {
    const lines: string[] = [];
    let attempts = 0;
    const logger = createLogger(new SecretRedactor(), (l) => lines.push(`${l.level} ${l.area} ${l.msg}`), {
      file: {
        write: () => {
          attempts++;
          throw Object.assign(new Error('read-only file system'), { code: 'EROFS' });
        },
      },
    });
    logger.info('first');
    logger.info('second');
    expect(attempts).toBe(1);
    expect(lines).toEqual(['warn log The log file could not be written: EROFS', 'info engine first', 'info engine second']);
  });
});
