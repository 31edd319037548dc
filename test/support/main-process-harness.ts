/**
 * Runs the BUILT main-process bundle (out/main/index.js) in plain Node, with `electron` resolved to the recording
 * fake (fake-electron.ts), plays Electron's part (the app becomes ready, the page navigates, opens windows, asks
 * for permissions, fetches app:// URLs, calls IPC) with the inputs it is given, and sends back what the main
 * process did. Started by runMainProcess() below in a child process of its own, so each run has a fresh bundle,
 * a fresh fake and its own environment (packaged or not, dev server URL or not).
 */
import { fork } from 'node:child_process';
import { registerHooks } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Probes {
  navigate: string[];
  openWindow: string[];
  protocol: string[];
  permissions: string[];
  /** Calls the appInfo channel as if from a main frame showing each of these URLs. */
  ipcFrom: string[];
  /** Site packs the OS hands over: by macOS's open-file before ready, and by a second start's arguments once running. */
  sitePacks?: { openFile: string; secondInstance: { argv: string[]; workingDirectory: string } };
}

export interface SitePackRun {
  /** Whether the open-file event was taken (default prevented), as macOS needs. */
  openFileTaken: boolean;
  /** sitePacksOpened events the window was sent. */
  announced: number;
  /** What the window got from openedSitePacks, twice in a row. */
  firstTake: unknown;
  secondTake: unknown;
}

export interface ProbeRun {
  /** Every electron API the bundle called before the app was ready, in order. */
  callsBeforeReady: string[];
  privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  protocolsHandled: string[];
  ipcChannels: string[];
  windowCount: number;
  windowOptions: Record<string, any>;
  loaded: string | undefined;
  menuTemplate: unknown[];
  navigate: Record<string, { willNavigate: boolean; willRedirect: boolean }>;
  openWindow: Record<string, { action: string; openedExternally: boolean }>;
  protocol: Record<string, { status: number; contentType: string | null; csp: string | null; body: string }>;
  permissions: Record<string, { requestGranted: unknown; checkGranted: unknown }>;
  ipcFrom: Record<string, { mainFrame: unknown; subframe: unknown }>;
  webviewAttachRefused: boolean;
  quitOnLastWindowClosed: boolean;
  sitePacks?: SitePackRun;
}

export interface RunOptions {
  bundle: string;
  env: Record<string, string | undefined>;
  probes: Probes;
  /** Arguments of the main process's own start, after the script (a double-clicked file on Windows and Linux). */
  startArgs?: string[];
}

const HARNESS = fileURLToPath(import.meta.url);

/** Forks this file on the given bundle and environment and resolves with what it observed. */
export function runMainProcess(opts: RunOptions): Promise<ProbeRun> {
  return new Promise((resolve, reject) => {
    const child = fork(HARNESS, [JSON.stringify({ bundle: opts.bundle, probes: opts.probes }), ...(opts.startArgs ?? [])], {
      env: opts.env,
      // Not the test runner's own loader flags: the bundle is loaded the way Node loads it.
      execArgv: ['--disable-warning=ExperimentalWarning'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    let result: ProbeRun | undefined;
    child.on('message', (m) => (result = m as ProbeRun));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`The main-process harness exited with ${code}:\n${output}`));
    });
  });
}

async function main(input: { bundle: string; probes: Probes }): Promise<ProbeRun> {
  const fakeUrl = new URL('./fake-electron.ts', import.meta.url).href;
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      specifier === 'electron' ? { url: fakeUrl, shortCircuit: true } : nextResolve(specifier, context),
  });
  const fake = await import('./fake-electron.ts');
  await import(pathToFileURL(input.bundle).href);
  const callsBeforeReady = fake.calls.map((c) => c.api);
  const openFile = { taken: false, preventDefault: () => (openFile.taken = true) };
  if (input.probes.sitePacks) fake.app.emit('open-file', openFile, input.probes.sitePacks.openFile);

  fake.fireReady();
  const window = await fake.firstWindow;
  await until(() => fake.ipcHandlers.size > 0 && window.loaded !== undefined);

  const { probes } = input;
  const run: ProbeRun = {
    callsBeforeReady,
    privilegedSchemes: fake.calls.filter((c) => c.api === 'protocol.registerSchemesAsPrivileged').flatMap((c) => c.args[0] as any[]),
    protocolsHandled: [...fake.protocolHandlers.keys()],
    ipcChannels: [...fake.ipcHandlers.keys()],
    windowCount: fake.BrowserWindow.getAllWindows().length,
    windowOptions: window.options,
    loaded: window.loaded,
    menuTemplate: (fake.calls.find((c) => c.api === 'Menu.buildFromTemplate')?.args[0] as unknown[]) ?? [],
    navigate: {},
    openWindow: {},
    protocol: {},
    permissions: {},
    ipcFrom: {},
    webviewAttachRefused: false,
    quitOnLastWindowClosed: false,
  };

  const prevented = (event: string, url: string) => {
    let refused = false;
    window.webContents.emit(event, { preventDefault: () => (refused = true) }, url);
    return refused;
  };
  for (const url of probes.navigate) {
    run.navigate[url] = { willNavigate: !prevented('will-navigate', url), willRedirect: !prevented('will-redirect', url) };
  }
  for (const url of probes.openWindow) {
    const handler = window.webContents.windowOpenHandler;
    const answer = handler ? (handler({ url, disposition: 'new-window' }) as { action: string }) : { action: 'none installed' };
    const openedExternally = fake.calls.some((c) => c.api === 'shell.openExternal' && c.args[0] === url);
    run.openWindow[url] = { action: answer.action, openedExternally };
  }
  const serve = fake.protocolHandlers.get('app');
  for (const url of probes.protocol) {
    const res = serve ? ((await serve(new Request(url))) as Response) : new Response('no app:// handler', { status: 599 });
    run.protocol[url] = {
      status: res.status,
      contentType: res.headers.get('content-type'),
      csp: res.headers.get('content-security-policy'),
      body: (await res.text()).slice(0, 300),
    };
  }
  for (const permission of probes.permissions) {
    let requestGranted: unknown = 'no answer';
    fake.sessionHandlers.permissionRequest?.(window.webContents, permission, (granted: unknown) => (requestGranted = granted), {});
    const checkGranted = fake.sessionHandlers.permissionCheck?.(window.webContents, permission, 'app://fieldkit', {}) as unknown;
    run.permissions[permission] = { requestGranted, checkGranted };
  }
  const appInfo = fake.ipcHandlers.get('fieldkit:invoke:appInfo');
  for (const url of probes.ipcFrom) {
    const ask = async (parent: object | null) => ((await appInfo?.({ senderFrame: { url, parent } }, undefined)) as { ok: boolean })?.ok;
    run.ipcFrom[url] = { mainFrame: await ask(null), subframe: await ask({}) };
  }

  if (probes.sitePacks) {
    const { argv, workingDirectory } = probes.sitePacks.secondInstance;
    fake.app.emit('second-instance', {}, argv, workingDirectory, {});
    const take = fake.ipcHandlers.get('fieldkit:invoke:openedSitePacks');
    const fromApp = { senderFrame: { url: 'app://fieldkit/index.html', parent: null } };
    run.sitePacks = {
      openFileTaken: openFile.taken,
      announced: window.webContents.sent.filter((s) => s.channel === 'fieldkit:event:sitePacksOpened').length,
      firstTake: await take?.(fromApp, undefined),
      secondTake: await take?.(fromApp, undefined),
    };
  }

  // Every web contents the app creates refuses <webview>, and closing the last window quits (closing the engine).
  const webview = { prevented: false, preventDefault: () => (webview.prevented = true) };
  const created = new fake.FakeWebContents('other');
  fake.app.emit('web-contents-created', {}, created);
  created.emit('will-attach-webview', webview, {}, {});
  run.webviewAttachRefused = webview.prevented;
  fake.app.emit('window-all-closed');
  run.quitOnLastWindowClosed = fake.calls.some((c) => c.api === 'app.quit');
  return run;
}

async function until(done: () => boolean): Promise<void> {
  // Generous: on a busy machine opening the engine's storage can take a while; a healthy run takes milliseconds.
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!done()) throw new Error('The main process did not create its window and bind IPC within 10 s of ready');
}

if (process.argv[1] === HARNESS && process.send) {
  const send = process.send.bind(process);
  main(JSON.parse(process.argv[2] ?? '{}') as { bundle: string; probes: Probes }).then(
    (run) => send(run, () => process.exit(0)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
