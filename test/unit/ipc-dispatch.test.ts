import { describe, expect, it } from 'vitest';
import { FieldkitError } from '../../shared/fieldkit-error.ts';
import { createDispatcher, type Handlers, type HandlerContext } from '../../electron/services/ipc/dispatch.ts';
import { createLogger } from '../../electron/services/log/logger.ts';
import { SecretRedactor } from '../../electron/services/log/secret-redactor.ts';

const ctx: HandlerContext = { emit: () => {} };

function setup(overrides: Partial<Handlers>) {
  const redactor = new SecretRedactor();
  const lines: string[] = [];
  const logger = createLogger(redactor, (l) => lines.push(l.msg));
  const base = {
    appInfo: () => ({ name: 'Fieldkit', version: '1', platform: 'linux', vault: { backend: 'memory', persistent: false, reason: 'x' } }),
    vaultStatus: () => ({ backend: 'keychain', persistent: true }),
    secretStatus: ({ ref }) => ({ ref, saved: false }),
    secretSave: ({ ref }) => ({ ref, saved: true }),
    secretDelete: ({ ref }) => ({ ref, saved: false }),
    settingsGet: () => ({ version: 2, appearance: { theme: 'system' }, cloudConnect: { refreshIntervalHours: 6 } }),
    settingsUpdate: () => ({ version: 2, appearance: { theme: 'dark' }, cloudConnect: { refreshIntervalHours: 6 } }),
    storageNotices: () => [],
  } as Partial<Handlers>;
  return { dispatcher: createDispatcher({ ...base, ...overrides } as Handlers, { logger, redactor }), redactor, lines };
}

describe('IPC dispatcher', () => {
  it('rejects invalid input before any engine code runs, naming the field', async () => {
    let ran = false;
    const { dispatcher } = setup({ secretSave: ({ ref }) => ((ran = true), { ref, saved: true }) });
    const r = await dispatcher.dispatch('secretSave', { ref: { kind: 'proxy-password', profileId: 'has space' }, value: 'x' }, ctx);
    expect(ran).toBe(false);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'ref.profileId' } });
  });

  it('rejects unknown fields (a renderer cannot smuggle options in)', async () => {
    const { dispatcher } = setup({});
    const r = await dispatcher.dispatch('secretStatus', { ref: { kind: 'proxy-password', profileId: 'a' }, extra: 1 }, ctx);
    expect(r.ok).toBe(false);
  });

  it('refuses a secret kind that no feature owns', async () => {
    const { dispatcher } = setup({});
    const r = await dispatcher.dispatch('secretStatus', { ref: { kind: 'test', profileId: 'a' } }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'ref.kind' } });
  });

  it('refuses a channel that is not in the contract', async () => {
    const { dispatcher } = setup({});
    const r = await dispatcher.dispatch('secretReveal', {}, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('turns a raw exception into INTERNAL without passing its text on', async () => {
    const { dispatcher, lines } = setup({
      settingsGet: () => {
        throw new Error('EACCES /home/u/.config/secret-path');
      },
    });
    const r = await dispatcher.dispatch('settingsGet', undefined, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('EACCES');
    expect(lines.join('\n')).toContain('EACCES');
  });

  it('passes a FieldkitError through as a typed value, scrubbed of known secrets', async () => {
    const { dispatcher, redactor } = setup({
      settingsGet: () => {
        throw new FieldkitError('STORAGE_FAILED', 'could not write hunter22-pass', { hint: 'free some disk' });
      },
    });
    redactor.remember('hunter22-pass');
    const r = await dispatcher.dispatch('settingsGet', undefined, ctx);
    expect(r).toEqual({ ok: false, error: { code: 'STORAGE_FAILED', message: 'could not write [redacted]', hint: 'free some disk' } });
  });

  it('refuses output that breaks the contract, so an extra field (a secret) never crosses', async () => {
    const { dispatcher } = setup({ secretStatus: ({ ref }) => ({ ref, saved: true, value: 'leak' }) as never });
    const r = await dispatcher.dispatch('secretStatus', { ref: { kind: 'proxy-password', profileId: 'a' } }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('leak');
  });
});

describe('secret redactor', () => {
  it('scrubs remembered secrets and URL credentials from any text', () => {
    const r = new SecretRedactor();
    r.remember('p@ssw0rd!');
    expect(r.redact('login failed for p@ssw0rd! at http://alice:p@ssw0rd!@proxy:3128')).toBe(
      'login failed for [redacted] at http://alice:[redacted]@proxy:3128',
    );
    expect(r.redact('http://bob:other@proxy.example:8080/')).toBe('http://bob:[redacted]@proxy.example:8080/');
  });
});

describe('IPC dispatcher: secrets echoed back', () => {
  it('scrubs a secret the engine has seen from a result and from every event, keeping both valid', async () => {
    const emitted: unknown[] = [];
    const { dispatcher, redactor } = setup({
      // A store that echoes a password back inside an ordinary answer.
      storageNotices: (_input, c) => {
        c.emit('taskProgress', {
          taskId: 't1',
          kind: 'certificates',
          event: {
            appliance: 'adc',
            phase: 'step',
            stepIndex: 0,
            stepCount: 1,
            stepLabel: 'Log in',
            status: 'failed',
            message: 'login rejected for Pl4nted-Secret',
          },
        });
        return [{ code: 'STORAGE_CORRUPT', message: 'bad line: password=Pl4nted-Secret', at: '2026-01-01T00:00:00.000Z' }];
      },
    });
    redactor.remember('Pl4nted-Secret');
    const r = await dispatcher.dispatch('storageNotices', undefined, { emit: (_e, p) => emitted.push(p) });
    expect(JSON.stringify(r)).not.toContain('Pl4nted-Secret');
    expect(r).toMatchObject({ ok: true, value: [{ message: 'bad line: password=[redacted]' }] });
    expect(emitted).toHaveLength(1);
    expect(JSON.stringify(emitted)).not.toContain('Pl4nted-Secret');
    expect(emitted[0]).toMatchObject({ event: { message: 'login rejected for [redacted]' } });
  });

  it('scrubs an event handed to validateEvent by the shell', () => {
    const { dispatcher, redactor } = setup({});
    redactor.remember('Pl4nted-Secret');
    const payload = dispatcher.validateEvent('taskProgress', {
      taskId: 't1',
      kind: 'certificates',
      event: { appliance: 'adc', phase: 'step', stepIndex: 0, stepCount: 1, stepLabel: 'x', status: 'failed', message: 'Pl4nted-Secret' },
    });
    expect(JSON.stringify(payload)).not.toContain('Pl4nted-Secret');
  });
});
