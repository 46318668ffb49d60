/**
 * Sends a CSV to POST /api/v1/contacts/import with XMLHttpRequest, for its upload progress: the
 * server reads the file as it arrives (and writes it chunk by chunk), so bytes sent track the work.
 */
import type { ImportResult, Problem } from '../../../../../src/contracts/index.js';
import { ApiError } from '../../../shared/api-client.js';

/** Uploads the file; onProgress gets 0…1 of the bytes sent. Rejects with ApiError like the other API calls. */
export function uploadCsv(file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/contacts/import');
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let json: unknown;
      try { json = JSON.parse(xhr.responseText); } catch { json = undefined; }
      if (xhr.status === 200) return resolve(json as ImportResult);
      const p = json as Partial<Problem> | undefined;
      reject(new ApiError(xhr.status, p?.code ?? 'unknown', p?.detail ?? xhr.statusText, p?.errors ?? []));
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
