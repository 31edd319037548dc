/**
 * The window's Content-Security-Policy, in one place: the build writes it into the page's meta tag
 * (electron.vite.config.ts) and app-protocol.ts sends it as a header with every file it serves. Only the app's own
 * files: no script, style, font, image or connection from anywhere else, so the window needs no network and a
 * compromised page cannot load code or send data out. Inline styles are Mantine's; images may be data: URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
