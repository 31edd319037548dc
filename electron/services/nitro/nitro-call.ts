import type { NitroCallView } from '../../../shared/schemas/certificates.ts';

/** One NITRO request, described as data so a plan can show it before it runs. */
export interface NitroCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  resource: string;
  /** The object's name, put in the path (/sslcertkey/<name>). */
  name?: string;
  action?: string;
  /** NITRO `?args=k:v,k:v` (values URL-encoded). */
  args?: Record<string, string>;
  /** Other query parameters (filter, count, override). */
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** config (default) or stat. */
  api?: 'config' | 'stat';
}

export function nitroPath(call: NitroCall): string {
  let path = `/nitro/v1/${call.api ?? 'config'}/${call.resource}`;
  if (call.name !== undefined) path += `/${encodeURIComponent(call.name)}`;
  const q: string[] = [];
  if (call.action !== undefined) q.push(`action=${encodeURIComponent(call.action)}`);
  if (call.args && Object.keys(call.args).length > 0) {
    q.push(
      `args=${Object.entries(call.args)
        .map(([k, v]) => `${k}:${encodeURIComponent(v)}`)
        .join(',')}`,
    );
  }
  for (const [k, v] of Object.entries(call.query ?? {})) q.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return q.length ? `${path}?${q.join('&')}` : path;
}

const SECRET_FIELDS = new Set(['password', 'passplain', 'filecontent']);

/** The call as the user sees it: file contents and passwords replaced by a description. */
export function viewCall(call: NitroCall): NitroCallView {
  const view: NitroCallView = { method: call.method, path: nitroPath(call) };
  if (call.body !== undefined) view.body = redact(call.body);
  return view;
}

function redact(value: unknown, key?: string): unknown {
  if (key !== undefined && SECRET_FIELDS.has(key) && typeof value === 'string') {
    return key === 'filecontent' ? `<${Buffer.from(value, 'base64').length} bytes, base64>` : '<hidden>';
  }
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}
