/**
 * A recording stand-in for the `electron` module, for loading the built main-process bundle in plain Node
 * (see main-process-harness.ts). Every API the main process calls is recorded in `calls`, in order; the
 * handlers it installs (app events, protocol, IPC, window and session handlers) are kept so a test can drive
 * them. Any API not modelled here is still recorded and answers undefined, so a new call in electron/main does
 * not break the harness before a test looks at it.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Fn = (...args: any[]) => any;

export interface Recorded {
  api: string;
  args: unknown[];
}

export const calls: Recorded[] = [];
const record = (api: string, args: unknown[]) => calls.push({ api, args });

/** A proxy whose every unknown property is a recording no-op; `known` supplies the modelled members. */
function recording<T extends object>(name: string, known: T): T {
  return new Proxy(known, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || prop in target) return Reflect.get(target, prop, receiver) as unknown;
      // Not a promise: awaiting or resolving with a fake must give the fake itself.
      if (prop === 'then') return undefined;
      return (...args: unknown[]) => record(`${name}.${prop}`, args);
    },
  });
}

/** Listeners by event name, for app, windows and web contents alike. */
class Emitter {
  readonly listeners = new Map<string, Fn[]>();
  private readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  on(event: string, fn: Fn): this {
    record(`${this.name}.on`, [event]);
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Fn): this {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((fn) => fn(...args) as unknown);
  }
}

let resolveReady!: () => void;
const ready = new Promise<void>((r) => (resolveReady = r));

class FakeApp extends Emitter {
  isPackaged = process.env['FAKE_ELECTRON_PACKAGED'] === '1';
  whenReady(): Promise<void> {
    return ready;
  }
  isReady(): boolean {
    return calls.some((c) => c.api === 'app.ready');
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  /** Under the run's FIELDKIT_HOME: a run never touches the user's own folders. */
  getPath(name: string): string {
    record('app.getPath', [name]);
    return join(process.env['FIELDKIT_HOME'] ?? tmpdir(), `electron-${name}`);
  }
}

export const app = recording('app', new FakeApp('app'));

/** What the harness calls to play Electron's part: the app becomes ready. */
export function fireReady(): void {
  record('app.ready', []);
  app.emit('ready');
  resolveReady();
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: Fn | undefined;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  setWindowOpenHandler(fn: Fn): void {
    record('webContents.setWindowOpenHandler', []);
    this.windowOpenHandler = fn;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

const windows: FakeBrowserWindow[] = [];
let resolveFirstWindow!: (w: FakeBrowserWindow) => void;
export const firstWindow = new Promise<FakeBrowserWindow>((r) => (resolveFirstWindow = r));

export class FakeBrowserWindow extends Emitter {
  readonly webContents = recording('webContents', new FakeWebContents('webContents'));
  loaded: string | undefined;
  readonly options: Record<string, any>;
  constructor(options: Record<string, any>) {
    super('window');
    this.options = options;
    record('new BrowserWindow', [options]);
    const self = recording('window', this);
    windows.push(self);
    resolveFirstWindow(self);
    return self;
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return windows;
  }
  loadURL(url: string): Promise<void> {
    record('window.loadURL', [url]);
    this.loaded = url;
    return Promise.resolve();
  }
  loadFile(path: string): Promise<void> {
    record('window.loadFile', [path]);
    this.loaded = `file:${path}`;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return false;
  }
}

export const BrowserWindow = FakeBrowserWindow;

export const sessionHandlers: { permissionRequest?: Fn; permissionCheck?: Fn } = {};
export const session = {
  defaultSession: recording('session', {
    setPermissionRequestHandler(fn: Fn) {
      record('session.setPermissionRequestHandler', []);
      sessionHandlers.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn: Fn) {
      record('session.setPermissionCheckHandler', []);
      sessionHandlers.permissionCheck = fn;
    },
  }),
};

export const protocolHandlers = new Map<string, Fn>();
export const protocol = recording('protocol', {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    record('protocol.registerSchemesAsPrivileged', [schemes]);
  },
  handle(scheme: string, fn: Fn) {
    record('protocol.handle', [scheme]);
    protocolHandlers.set(scheme, fn);
  },
});

export const ipcHandlers = new Map<string, Fn>();
export const ipcMain = recording('ipcMain', {
  handle(channel: string, fn: Fn) {
    record('ipcMain.handle', [channel]);
    ipcHandlers.set(channel, fn);
  },
});

export const shell = recording('shell', {
  openExternal(url: string) {
    record('shell.openExternal', [url]);
    return Promise.resolve();
  },
});

export const Menu = recording('Menu', {
  buildFromTemplate(template: unknown[]) {
    record('Menu.buildFromTemplate', [template]);
    return template;
  },
});

export const dialog = recording('dialog', {
  showOpenDialog(...args: unknown[]) {
    record('dialog.showOpenDialog', args);
    return Promise.resolve({ canceled: true, filePaths: [] });
  },
  showMessageBox(...args: unknown[]) {
    record('dialog.showMessageBox', args);
    return Promise.resolve({ response: 0, checkboxChecked: false });
  },
});

export const nativeTheme = recording('nativeTheme', { shouldUseDarkColors: false });

// Modules electron/main does not use today: recorded if it starts to, so the bundle still links.
export const autoUpdater = recording('autoUpdater', {});
export const BaseWindow = recording('BaseWindow', {});
export const clipboard = recording('clipboard', {});
export const crashReporter = recording('crashReporter', {});
export const globalShortcut = recording('globalShortcut', {});
export const MenuItem = recording('MenuItem', {});
export const nativeImage = recording('nativeImage', {});
export const net = recording('net', {});
export const Notification = recording('Notification', {});
export const powerMonitor = recording('powerMonitor', {});
export const powerSaveBlocker = recording('powerSaveBlocker', {});
export const safeStorage = recording('safeStorage', {});
export const screen = recording('screen', {});
export const systemPreferences = recording('systemPreferences', {});
export const utilityProcess = recording('utilityProcess', {});
export const webContents = recording('webContents', {});
export const WebContentsView = recording('WebContentsView', {});
export const webFrameMain = recording('webFrameMain', {});
export const webUtils = recording('webUtils', {});
export const Tray = recording('Tray', {});
