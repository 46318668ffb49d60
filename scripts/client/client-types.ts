/** How the client's committed files are made from an OpenAPI document (the generator and the drift test share it). */
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';

const clientDir = (file: string) => fileURLToPath(new URL(`../../packages/client/${file}`, import.meta.url));

export const CLIENT_FILES = {
  document: clientDir('openapi.json'),
  types: clientDir('src/openapi.gen.ts'),
} as const;

/** The document as committed: stable two-space JSON with a final newline, so diffs stay readable. */
export function documentText(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The `paths`/`components` types openapi-fetch is typed with. */
export async function clientTypesOf(document: Record<string, unknown>): Promise<string> {
  // A copy: openapi-typescript's bundler annotates the object it is given.
  const ast = await openapiTS(structuredClone(document) as unknown as OpenAPI3, { silent: true });
  const header = `${COMMENT_HEADER.trimEnd()}\n// Generated from packages/client/openapi.json by \`npm run client:generate\`.\n\n`;
  return `${header}${astToString(ast)}`;
}
