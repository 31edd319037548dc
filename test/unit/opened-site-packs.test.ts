import { describe, expect, it } from 'vitest';
import { isSitePackPath, OpenedSitePacks, sitePackPathsInArgv } from '../../electron/main/opened-site-packs.ts';

describe('site packs named by the operating system', () => {
  const packaged = { isPackaged: true, workingDirectory: '/home/ana/packs' };
  const unpackaged = { isPackaged: false, workingDirectory: '/home/ana/packs' };

  it('knows a site pack by its extension, in any case', () => {
    expect(isSitePackPath('/home/ana/Berlin DC.fieldkit')).toBe(true);
    expect(isSitePackPath('C:\\Users\\ana\\Berlin DC.FieldKit')).toBe(true);
    expect(isSitePackPath('/home/ana/notes.txt')).toBe(false);
    expect(isSitePackPath('/home/ana/fieldkit')).toBe(false);
    expect(isSitePackPath('.fieldkit')).toBe(false);
  });

  it('takes the packs from a packaged start, after the executable', () => {
    expect(sitePackPathsInArgv(['/opt/Fieldkit/fieldkit', '/home/ana/Berlin DC.fieldkit'], packaged)).toEqual([
      '/home/ana/Berlin DC.fieldkit',
    ]);
    // The executable itself is never taken, whatever it is called.
    expect(sitePackPathsInArgv(['/tmp/odd.fieldkit'], packaged)).toEqual([]);
  });

  it('skips the app path when run through the electron binary', () => {
    expect(sitePackPathsInArgv(['electron', 'out/main/index.fieldkit', 'Paris.fieldkit'], unpackaged)).toEqual([
      '/home/ana/packs/Paris.fieldkit',
    ]);
  });

  it("leaves out switches (Chromium's, macOS's -psn_), other files and other URLs", () => {
    const argv = [
      'Fieldkit.exe',
      '--allow-file-access-from-files',
      '--original-process-start-time=13400000000000000',
      '-psn_0_12345',
      '--flag=/tmp/x.fieldkit',
      'report.pdf',
      'https://example.com/pack.fieldkit',
      'Madrid.fieldkit',
    ];
    expect(sitePackPathsInArgv(argv, packaged)).toEqual(['/home/ana/packs/Madrid.fieldkit']);
  });

  it('resolves relative paths against the directory of the start that named them, and file:// URLs to paths', () => {
    expect(
      sitePackPathsInArgv(['fieldkit', '../Oslo.fieldkit', 'file:///srv/packs/Rome%20DC.fieldkit', 'file://not a url.fieldkit'], packaged),
    ).toEqual(['/home/ana/Oslo.fieldkit', '/srv/packs/Rome DC.fieldkit']);
  });

  it('names each file once', () => {
    expect(sitePackPathsInArgv(['fieldkit', 'Lyon.fieldkit', '/home/ana/packs/Lyon.fieldkit'], packaged)).toEqual([
      '/home/ana/packs/Lyon.fieldkit',
    ]);
  });

  it('keeps the packs until the window takes them, hands each over once, at most as many as asked', () => {
    const opened = new OpenedSitePacks();
    expect(opened.add(['/a/One.fieldkit', '/a/notes.txt'])).toBe(true);
    expect(opened.add(['/a/One.fieldkit'])).toBe(false);
    expect(opened.add(['/a/Two.fieldkit', '/a/Three.fieldkit'])).toBe(true);
    expect(opened.take(2)).toEqual(['/a/One.fieldkit', '/a/Two.fieldkit']);
    expect(opened.size).toBe(1);
    expect(opened.take(2)).toEqual(['/a/Three.fieldkit']);
    expect(opened.take(2)).toEqual([]);
    // Taken once, the same file opened again is a new request.
    expect(opened.add(['/a/One.fieldkit'])).toBe(true);
  });
});
