/**
 * npm run client:generate — writes packages/client/openapi.json and the TypeScript types the
 * client is built on (packages/client/src/openapi.gen.ts) from the current contracts.
 * test/integration/client/generated-client.test.ts fails when the committed files differ.
 */
import { writeFile } from 'node:fs/promises';
import { buildOpenApiDocument } from './openapi-document.js';
import { CLIENT_FILES, clientTypesOf, documentText } from './client-types.js';

const document = await buildOpenApiDocument();
await writeFile(CLIENT_FILES.document, documentText(document));
await writeFile(CLIENT_FILES.types, await clientTypesOf(document));
console.log(`wrote ${CLIENT_FILES.document} and ${CLIENT_FILES.types}`);
