import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/content-security-policy.ts';
import { DOCUMENTATION_HOSTS } from '../../electron/main/external-links.ts';
import { ALLOWLIST_BASE_URLS } from '../../shared/allowlist-base-urls.ts';
import { requireFreshBuild } from '../support/built-app.ts';

/**
 * The window works with no network: the built renderer (out/renderer) loads nothing from the internet, no font,
 * icon, script, style or image, and its Content-Security-Policy would refuse any of them. Reads the build
 * (npm test builds first; alone, run `npx electron-vite build`).
 */
const RENDERER = 'out/renderer';
let files: Array<{ name: string; text: string }>;
let html: string;

beforeAll(() => {
  requireFreshBuild(['renderer', 'shared', 'electron/main']);
  files = readdirSync(RENDERER, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: relative(RENDERER, join(e.parentPath, e.name)), text: readFileSync(join(e.parentPath, e.name), 'utf8') }));
  html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
});

const decode = (attr: string) =>
  attr
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/**
 * Every http(s) URL the bundles may hold, and why none is loaded: identifiers, text shown to the user, links the
 * OS browser opens, addresses the engine (not the window) is asked to use. Anything else fails the test.
 */
const TEXT_ONLY_URLS: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /^http:\/\/www\.w3\.org\//, why: 'XML namespaces (SVG, XLink, MathML): names, never fetched' },
  { pattern: /^https?:\/\/json-schema\.org\//, why: "zod's JSON Schema $schema identifiers" },
  { pattern: /^https:\/\/(react\.dev\/errors|mantine\.dev)\//, why: "links in React's and Mantine's error messages" },
  {
    pattern: new RegExp(`^https://(${DOCUMENTATION_HOSTS.map((h) => h.replace(/\./g, '\\.')).join('|')})/`),
    why: 'documentation, opened in the OS browser (external-links.ts)',
  },
  {
    pattern: new RegExp(
      `^(${Object.values(ALLOWLIST_BASE_URLS)
        .map((u) => u.replace(/[./]/g, '\\$&'))
        .join('|')})`,
    ),
    why: 'the AllowList API address shown before a fetch; the engine fetches, not the window',
  },
  { pattern: /^https:\/\/(hooks\.slack\.com\/services\/…|example\.service-now\.com|…)$/, why: 'placeholders of input fields' },
  { pattern: /^http:\/\/\[(user@\]host:port|\$\{)/, why: 'a proxy URL format in help text; IPv6 literal handling in URL code' },
];

describe('the window with no network', () => {
  it('runs under a policy that allows only its own files: no remote script, style, font, image or connection', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
    expect(meta, 'the page carries the policy').not.toBeNull();
    expect(decode(meta![1]!)).toBe(CONTENT_SECURITY_POLICY);
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    for (const name of ['script-src', 'font-src', 'connect-src']) expect(policy.get(name), name).toEqual(["'self'"]);
    const allowed = new Set(["'self'", "'none'", "'unsafe-inline'", 'data:']);
    for (const [name, sources] of policy) {
      expect(
        sources.filter((s) => !allowed.has(s)),
        name,
      ).toEqual([]);
    }
    // Inline code is never allowed, and data: only for images.
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    for (const [name, sources] of policy) if (name !== 'img-src') expect(sources, name).not.toContain('data:');
  });

  it('the page names only its own files', () => {
    const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => REMOTE.test(r) || /^(https?|ftp|ws|wss):/i.test(r))).toEqual([]);
  });

  it('the styles use no web font and no remote image or import', () => {
    const css = files.filter((f) => f.name.endsWith('.css'));
    expect(css.length).toBeGreaterThan(0);
    for (const { name, text } of css) {
      expect(text, name).not.toMatch(/@import/);
      expect(text, name).not.toMatch(/@font-face/);
      const urls = [...text.matchAll(/url\(\s*['"]?([^'")]+)/g)].map((m) => m[1]!);
      expect(
        urls.filter((u) => !u.startsWith('data:') && REMOTE.test(u)),
        name,
      ).toEqual([]);
    }
  });

  it('the scripts load nothing from a URL, and every URL they hold is text', () => {
    const js = files.filter((f) => f.name.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    const unexplained: string[] = [];
    for (const { name, text } of js) {
      // Loading code or data from a URL literal: a dynamic import, fetch, a worker, a script or image source.
      expect(text, name).not.toMatch(/\b(?:import|fetch|importScripts|Worker|EventSource|WebSocket)\(\s*["'`]https?:/);
      expect(text, name).not.toMatch(/\.(?:src|href)\s*=\s*["'`]https?:/);
      for (const m of text.matchAll(/https?:\/\/[^"'`\s)<>\\,]+/g)) {
        if (!TEXT_ONLY_URLS.some((t) => t.pattern.test(m[0]))) unexplained.push(`${name}: ${m[0]}`);
      }
    }
    expect(unexplained).toEqual([]);
  });

  it('the check would see a remote font, script or URL', () => {
    expect(REMOTE.test('https://fonts.googleapis.com/css2?family=Inter')).toBe(true);
    expect(REMOTE.test('//cdn.example.com/app.js')).toBe(true);
    expect(REMOTE.test('./assets/index.js')).toBe(false);
    expect(TEXT_ONLY_URLS.some((t) => t.pattern.test('https://fonts.gstatic.com/s/inter.woff2'))).toBe(false);
    expect(TEXT_ONLY_URLS.some((t) => t.pattern.test('https://docs.netscaler.com.evil.test/x'))).toBe(false);
  });
});
