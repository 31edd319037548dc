import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { Configuration } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, IPC_INVOKE_PREFIX } from '../../shared/ipc-channels.ts';
import { MAIN_BUNDLE as BUILT_MAIN, requireFreshBuild } from '../support/built-app.ts';
import { runMainProcess, type ProbeRun, type Probes } from '../support/main-process-harness.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/content-security-policy.ts';

/**
 * The only check of electron/main that runs without the Electron binary: the BUILT bundles (npm test builds
 * first; alone, run `npx electron-vite build`) loaded in Node with a recording stand-in for `electron`, driven
 * with allowed and forbidden inputs. The Playwright suite (test/electron) checks the same window for real.
 */
const MAIN_BUNDLE = resolve(BUILT_MAIN);
const PRELOAD_BUNDLE = resolve('out/preload/index.cjs');
const DEV_SERVER = 'http://localhost:5173';

const probes: Probes = {
  navigate: [
    'app://fieldkit/index.html',
    'app://fieldkit/index.html#/certificates',
    `${DEV_SERVER}/index.html`,
    'https://example.com/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://user@fieldkit/index.html',
  ],
  openWindow: [
    'https://docs.netscaler.com/en-us/citrix-adc/current-release.html',
    'https://developer-docs.netscaler.com/en-us/adc-nitro-api/current-release/',
    'https://example.com/',
    'http://docs.netscaler.com/',
    'https://docs.netscaler.com.example.com/',
    'https://user:pw@docs.citrix.com/',
    'https://docs.citrix.com:8443/',
    'file:///etc/passwd',
    'app://fieldkit/index.html',
  ],
  protocol: [
    'app://fieldkit/index.html',
    'app://fieldkit/',
    'app://fieldkit/..%2Fmain%2Findex.js',
    'app://fieldkit/%2e%2e%2f%2e%2e%2fpackage.json',
    'app://fieldkit/assets%5C..%5C..%5Cmain%5Cindex.js',
    'app://fieldkit/no-such-file.js',
    'app://fieldkit/../../package.json',
    'app://fieldkit/index.html%00.js',
    'app://fieldkit/index.html::$DATA',
    'app://fieldkit/%E0%A4%A',
    'app://fieldkit/tool.exe',
    'app://other-host/index.html',
  ],
  permissions: ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal'],
  ipcFrom: ['app://fieldkit/index.html', `${DEV_SERVER}/`, 'file:///tmp/index.html', 'https://example.com/'],
  sitePacks: {
    openFile: '/Users/ana/Desktop/Mac Pack.fieldkit',
    secondInstance: {
      // A second start as Windows or a Linux desktop entry makes it: Chromium's own switches, other files, a file:// URL.
      argv: [
        '/opt/Fieldkit/fieldkit',
        '--allow-file-access-from-files',
        'Berlin DC.fieldkit',
        'notes.txt',
        'file:///home/ana/Url%20Pack.FIELDKIT',
      ],
      workingDirectory: '/home/ana/packs',
    },
  },
};

describe('the main process, built, with a stand-in for electron', () => {
  const home = mkdtempSync(join(tmpdir(), 'fieldkit-main-wiring-'));
  let dev: ProbeRun;
  let packaged: ProbeRun;
  let pageScript: string | undefined;

  beforeAll(async () => {
    requireFreshBuild();
    pageScript = /src="\.\/(assets\/[^"]+\.js)"/.exec(readFileSync('out/renderer/index.html', 'utf8'))?.[1];
    if (pageScript) probes.protocol.push(`app://fieldkit/${pageScript}`);
    const env = (extra: Record<string, string>) => ({
      PATH: process.env['PATH'],
      FIELDKIT_HOME: join(home, extra['FAKE_ELECTRON_PACKAGED'] ?? 'x'),
      FIELDKIT_VAULT: 'memory',
      ELECTRON_RENDERER_URL: DEV_SERVER,
      ...extra,
    });
    // Both runs name a dev server: only the unpackaged app may use it.
    [dev, packaged] = await Promise.all([
      runMainProcess({ bundle: MAIN_BUNDLE, env: env({ FAKE_ELECTRON_PACKAGED: '0' }), probes }),
      runMainProcess({
        bundle: MAIN_BUNDLE,
        env: env({ FAKE_ELECTRON_PACKAGED: '1' }),
        probes,
        startArgs: ['/home/ana/Start Pack.fieldkit'],
      }),
    ]);
  });

  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('binds every contract channel, and nothing else', () => {
    expect([...packaged.ipcChannels].sort()).toEqual(CHANNEL_NAMES.map((n) => IPC_INVOKE_PREFIX + n).sort());
  });

  it('opens one window with the locked-down web preferences', () => {
    expect(packaged.windowCount).toBe(1);
    expect(packaged.windowOptions['webPreferences']).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(packaged.windowOptions['webPreferences'].preload).toBe(resolve('out/preload/index.cjs'));
    expect(packaged.windowOptions['webPreferences']).not.toHaveProperty('nodeIntegrationInSubFrames', true);
  });

  it('registers app:// as a standard, secure scheme before ready and serves it', () => {
    expect(packaged.callsBeforeReady).toContain('protocol.registerSchemesAsPrivileged');
    expect(packaged.callsBeforeReady).toContain('app.enableSandbox');
    expect(packaged.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(packaged.privilegedSchemes[0]?.privileges).not.toHaveProperty('bypassCSP', true);
    expect(packaged.protocolsHandled).toEqual(['app']);
  });

  it('packaged: loads app://fieldkit, ignores ELECTRON_RENDERER_URL and has no DevTools', () => {
    expect(packaged.loaded).toBe('app://fieldkit/index.html');
    expect(packaged.navigate[`${DEV_SERVER}/index.html`]).toEqual({ willNavigate: false, willRedirect: false });
    expect(packaged.ipcFrom[`${DEV_SERVER}/`]).toEqual({ mainFrame: false, subframe: false });
    const roles = JSON.stringify(packaged.menuTemplate);
    expect(roles).not.toContain('toggleDevTools');
  });

  it('not packaged: loads the dev server, which may navigate and call IPC, with DevTools', () => {
    expect(dev.loaded).toBe(`${DEV_SERVER}`);
    expect(dev.windowOptions['webPreferences']).toMatchObject({ devTools: true, sandbox: true, contextIsolation: true });
    expect(dev.navigate[`${DEV_SERVER}/index.html`]).toEqual({ willNavigate: true, willRedirect: true });
    expect(dev.ipcFrom[`${DEV_SERVER}/`]).toEqual({ mainFrame: true, subframe: false });
    expect(JSON.stringify(dev.menuTemplate)).toContain('toggleDevTools');
  });

  it('navigates only within the app origin', () => {
    expect(packaged.navigate).toEqual({
      'app://fieldkit/index.html': { willNavigate: true, willRedirect: true },
      'app://fieldkit/index.html#/certificates': { willNavigate: true, willRedirect: true },
      [`${DEV_SERVER}/index.html`]: { willNavigate: false, willRedirect: false },
      'https://example.com/': { willNavigate: false, willRedirect: false },
      'file:///etc/passwd': { willNavigate: false, willRedirect: false },
      'app://other/index.html': { willNavigate: false, willRedirect: false },
      'app://user@fieldkit/index.html': { willNavigate: false, willRedirect: false },
    });
  });

  it('opens no window; only documentation links go to the OS browser', () => {
    const opened = Object.entries(packaged.openWindow).filter(([, r]) => r.openedExternally);
    expect(opened.map(([url]) => url)).toEqual([
      'https://docs.netscaler.com/en-us/citrix-adc/current-release.html',
      'https://developer-docs.netscaler.com/en-us/adc-nitro-api/current-release/',
    ]);
    expect(new Set(Object.values(packaged.openWindow).map((r) => r.action))).toEqual(new Set(['deny']));
  });

  it('serves only files of the built renderer folder on app://', () => {
    const index = readFileSync('out/renderer/index.html', 'utf8').slice(0, 300);
    expect(packaged.protocol['app://fieldkit/index.html']).toEqual({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      csp: CONTENT_SECURITY_POLICY,
      body: index,
    });
    expect(packaged.protocol['app://fieldkit/']).toMatchObject({ status: 200, body: index });
    for (const escape of [
      'app://fieldkit/..%2Fmain%2Findex.js',
      'app://fieldkit/%2e%2e%2f%2e%2e%2fpackage.json',
      'app://fieldkit/assets%5C..%5C..%5Cmain%5Cindex.js',
      'app://fieldkit/index.html%00.js',
      'app://fieldkit/index.html::$DATA',
      'app://fieldkit/%E0%A4%A',
      'app://fieldkit/tool.exe',
      'app://other-host/index.html',
    ]) {
      expect(packaged.protocol[escape]?.status, escape).toBe(403);
    }
    expect(packaged.protocol['app://fieldkit/no-such-file.js']?.status).toBe(404);
    // The URL parser folds a plain ".." before the handler sees it: still inside the folder, where there is no such file.
    expect(packaged.protocol['app://fieldkit/../../package.json']?.status).toBe(404);
  });

  it('serves the page script with a JavaScript type, or the module would not run', () => {
    expect(pageScript).toMatch(/^assets\/.+\.js$/);
    expect(packaged.protocol[`app://fieldkit/${pageScript}`]).toMatchObject({
      status: 200,
      contentType: 'text/javascript; charset=utf-8',
      csp: CONTENT_SECURITY_POLICY,
    });
  });

  it('denies every permission request and check', () => {
    for (const [permission, answer] of Object.entries(packaged.permissions)) {
      expect(answer, permission).toEqual({ requestGranted: false, checkGranted: false });
    }
    expect(Object.keys(packaged.permissions)).toHaveLength(probes.permissions.length);
  });

  it("answers IPC only for the app's own page in the main frame", () => {
    expect(packaged.ipcFrom).toEqual({
      'app://fieldkit/index.html': { mainFrame: true, subframe: false },
      [`${DEV_SERVER}/`]: { mainFrame: false, subframe: false },
      'file:///tmp/index.html': { mainFrame: false, subframe: false },
      'https://example.com/': { mainFrame: false, subframe: false },
    });
  });

  it('hands the window the site packs the OS opened, as tokens, each once', () => {
    const run = packaged.sitePacks;
    expect(run?.openFileTaken).toBe(true);
    // The open-file event came before the window: the window asks at its start. The second start is announced.
    expect(run?.announced).toBe(1);
    const first = run?.firstTake as { ok: boolean; value: { files: Array<{ token: string; name: string }> } };
    expect(first.ok).toBe(true);
    expect(first.value.files.map((f) => f.name)).toEqual([
      'Start Pack.fieldkit',
      'Mac Pack.fieldkit',
      'Berlin DC.fieldkit',
      'Url Pack.FIELDKIT',
    ]);
    for (const f of first.value.files) expect(f.token).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(run?.firstTake)).not.toContain('/home/ana');
    expect(run?.secondTake).toEqual({ ok: true, value: { files: [] } });
  });

  it('refuses <webview> in any web contents and quits when the last window closes', () => {
    expect(packaged.webviewAttachRefused).toBe(true);
    expect(packaged.quitOnLastWindowClosed).toBe(true);
  });
});

describe('the built preload', () => {
  it('is one CommonJS file that exposes exactly the contract on window.fieldkit', () => {
    const source = readFileSync(PRELOAD_BUNDLE, 'utf8');
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const required: string[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: { invoke: (...args: unknown[]) => invoked.push(args), on: () => undefined, removeListener: () => undefined },
    };
    // A sandboxed preload gets a require that knows only a few modules: anything else it asked for would fail there.
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (id === 'electron') return fakeElectron;
      throw new Error(`A sandboxed preload cannot require "${id}"`);
    };
    const module = { exports: {} };
    runInNewContext(`(function (require, module, exports) {\n${source}\n})`, {}, { filename: PRELOAD_BUNDLE })(
      sandboxRequire,
      module,
      module.exports,
    );

    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['fieldkit']);
    const api = exposed.get('fieldkit') ?? {};
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    (api['appInfo'] as (input?: unknown) => unknown)({ probe: 1 });
    expect(invoked).toEqual([[`${IPC_INVOKE_PREFIX}appInfo`, { probe: 1 }]]);
    expect(() => (api['on'] as (e: string, l: () => void) => unknown)('not-an-event', () => undefined)).toThrow(/Unknown event/);
  });
});

describe('the packaged binary (electron-builder.yml)', () => {
  it('flips the Electron fuses that lock the app down', () => {
    const yml = readFileSync('electron-builder.yml', 'utf8');
    const block = /^electronFuses:\n((?:[ ]{2}.*\n?)+)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries([...block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)].map((m) => [m[1], m[2] === 'true']));
    const expected: NonNullable<Configuration['electronFuses']> = {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    };
    expect(fuses).toEqual(expected);
  });
});
