import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from './app-url.ts';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';
import { rendererFileFor } from './renderer-files.ts';

/**
 * Must run before the app is ready. Standard and secure: app://fieldkit is a real origin (relative URLs,
 * localStorage, 'self' in the CSP) and counts as a secure context like https.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Serves the built renderer folder on app://fieldkit, and nothing outside it. Once, after ready. */
export function serveRendererFolder(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const target = rendererFileFor(rendererRoot, request.url);
    if ('refused' in target) return new Response(`Refused: ${target.refused}`, { status: 403 });
    try {
      const body = await readFile(target.file);
      return new Response(body, {
        headers: {
          'content-type': target.contentType,
          'x-content-type-options': 'nosniff',
          'content-security-policy': CONTENT_SECURITY_POLICY,
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
