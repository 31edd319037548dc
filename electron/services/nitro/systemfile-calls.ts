import type { NitroCall } from './nitro-call.ts';

/**
 * The NITRO requests on files (systemfile). Fieldkit speaks of a folder with a
 * trailing slash (/nsconfig/ssl/); NITRO's filelocation takes it without.
 */

function filelocation(folder: string): string {
  return folder.replace(/\/$/, '');
}

export function listFilesCall(folder: string): NitroCall {
  return { method: 'GET', resource: 'systemfile', args: { filelocation: filelocation(folder) } };
}

/** The answer carries the content as base64. */
export function readFileCall(folder: string, filename: string): NitroCall {
  return { method: 'GET', resource: 'systemfile', args: { filename, filelocation: filelocation(folder) } };
}

/** Refused (FILE_EXISTS) when the name is taken: an upload never overwrites. */
export function uploadFileCall(folder: string, filename: string, contentBase64: string): NitroCall {
  return {
    method: 'POST',
    resource: 'systemfile',
    body: { systemfile: { filename, filelocation: filelocation(folder), filecontent: contentBase64, fileencoding: 'BASE64' } },
  };
}

export function deleteFileCall(folder: string, filename: string): NitroCall {
  return { method: 'DELETE', resource: 'systemfile', name: filename, args: { filelocation: filelocation(folder) } };
}
