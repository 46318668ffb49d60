/**
 * Files at the fake Cloud API, as Meta documents them:
 * - the Resumable Upload API: `POST /{v}/{app-id}/uploads?file_name=&file_length=&file_type=&access_token=`
 *   answers `{id: "upload:<session>?sig=<sig>"}`; then `POST /{v}/upload:<session>?sig=<sig>` with
 *   `Authorization: OAuth <token>`, `file_offset: 0` and the file's bytes answers `{h: "<handle>"}`,
 *   the handle a template's media HEADER gives as `example.header_handle`;
 * - example files of templates made in WhatsApp Manager (`GET /examples/<name>`), the URLs Meta's
 *   template list gives in `example.header_handle` (on its CDN, scontent.whatsapp.net).
 */
import { randomBytes } from 'node:crypto';

export type UploadAnswer = { status: number; body: unknown; contentType?: string };

/** File types the Application Uploads endpoint takes (Meta's list). */
const FILE_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4']);

const graphError = (status: number, code: number, message: string): UploadAnswer => ({
  status, body: { error: { message, type: code === 190 ? 'OAuthException' : 'GraphMethodException', code, fbtrace_id: 'Afakeuploads' } },
});

export interface UploadedFile { handle: string; name: string; type: string; bytes: Buffer }

export function createUploadStore(options: { appId: string; accessToken: string; baseUrl: () => string }) {
  const sessions = new Map<string, { name: string; length: number; type: string }>();
  const examples = new Map<string, { bytes: Buffer; type: string }>();
  const uploaded: UploadedFile[] = [];

  return {
    /** Files received through completed upload sessions, in order. */
    uploaded,

    /** Serves `bytes` as an example file; returns its URL (what Meta lists in header_handle). */
    addExample(name: string, bytes: Buffer, type: string): string {
      examples.set(name, { bytes, type });
      return `${options.baseUrl()}/examples/${encodeURIComponent(name)}`;
    },

    /** Answers an upload or example request, or null when the path is neither. `search` is the raw query (with its `?`). */
    handle(method: string, pathname: string, search: string, headers: Record<string, string>, bytes: Buffer): UploadAnswer | null {
      const example = /^\/examples\/([^/]+)$/.exec(pathname);
      if (example && method === 'GET') {
        const file = examples.get(decodeURIComponent(example[1]!));
        return file ? { status: 200, body: file.bytes, contentType: file.type } : { status: 404, body: 'Not found', contentType: 'text/plain' };
      }
      const start = /^\/v\d+\.\d+\/([^/]+)\/uploads$/.exec(pathname);
      if (start && method === 'POST') {
        const q = new URLSearchParams(search);
        // The token comes as the access_token parameter here (as documented), or a Bearer header.
        const token = q.get('access_token') ?? headers.authorization?.replace(/^Bearer /, '');
        if (token !== options.accessToken) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
        if (start[1] !== options.appId) return graphError(400, 100, `Unsupported post request. Object with ID '${start[1]}' does not exist`);
        const length = Number(q.get('file_length'));
        const type = q.get('file_type') ?? '';
        if (!Number.isInteger(length) || length <= 0) return graphError(400, 100, '(#100) Invalid parameter: file_length');
        if (!FILE_TYPES.has(type)) return graphError(400, 100, '(#100) Invalid parameter: file_type');
        const session = randomBytes(18).toString('base64url');
        sessions.set(session, { name: q.get('file_name') ?? '', length, type });
        return { status: 200, body: { id: `upload:${session}?sig=${randomBytes(9).toString('base64url')}` } };
      }
      const data = /^\/v\d+\.\d+\/upload:([^/?]+)$/.exec(pathname);
      if (data && method === 'POST') {
        // Both only as headers: Meta ignores them as query parameters.
        if (headers.authorization !== `OAuth ${options.accessToken}`) return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
        const session = sessions.get(data[1]!);
        if (!session || !/[?&]sig=/.test(search)) return graphError(400, 100, '(#100) Invalid upload session');
        if (headers.file_offset !== '0') return graphError(400, 100, '(#100) file_offset must be 0 for a new upload');
        if (bytes.length !== session.length) return graphError(400, 100, `(#100) Expected ${session.length} bytes, got ${bytes.length}`);
        sessions.delete(data[1]!);
        const handle = `4::${Buffer.from(session.type).toString('base64')}:${randomBytes(24).toString('base64url')}:e:${Math.floor(Date.now() / 1000) + 86_400}:${randomBytes(6).toString('hex')}`;
        uploaded.push({ handle, name: session.name, type: session.type, bytes });
        return { status: 200, body: { h: handle } };
      }
      return null;
    },
  };
}
