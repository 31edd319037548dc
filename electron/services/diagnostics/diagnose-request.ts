import { FieldkitError } from '../../../shared/fieldkit-error.ts';
import type { z } from 'zod';
import type { DiagnosticsErrorCode } from '../../../shared/diagnostics-error-catalog.ts';
import { DiagnoseRequest } from '../../../shared/schemas/diagnostics.ts';
import { loadEndpointCatalog, parseServiceUrl, type EndpointCatalog } from './endpoint-catalog.ts';

export interface ValidRequest {
  request: DiagnoseRequest;
  serviceUrlHost?: string;
}

function codeFor(path: readonly PropertyKey[]): DiagnosticsErrorCode {
  switch (path[0]) {
    case 'region':
      return 'DIAG_INVALID_REGION';
    case 'ccid':
      return 'DIAG_INVALID_CCID';
    case 'serviceUrl':
      return 'DIAG_INVALID_SERVICE_URL';
    case 'proxy':
      return 'DIAG_INVALID_PROXY';
    default:
      return 'DIAG_INVALID_OPTION';
  }
}

/** Turns the first schema problem into an error that names the field and the fix. */
export function schemaError(error: z.ZodError, prefix = ''): Error {
  const issue = error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  const code = codeFor(prefix ? [prefix, ...issue.path] : issue.path);
  return new FieldkitError(code, `${field || 'input'}: ${issue.message}`, { field });
}

/** Validates everything before any probe starts, so bad input never leaves a partial run behind. */
export function validateDiagnoseRequest(input: unknown, catalog: EndpointCatalog = loadEndpointCatalog()): ValidRequest {
  const parsed = DiagnoseRequest.safeParse(input);
  if (!parsed.success) throw schemaError(parsed.error);
  const request = parsed.data;
  if (request.serviceUrl === undefined) return { request };
  return { request, serviceUrlHost: parseServiceUrl(request.serviceUrl, request.region, catalog) };
}
