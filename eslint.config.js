// Lint + the import-direction rule of architecture.md: data flows
// http/queue → app → domain; domain is pure; web never reaches the server's insides.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ group: p.group, message: p.message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'drizzle/**', 'coverage/**', '.sapa-data/**', 'packages/*/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use string-literal unions or as-const objects, not enum.' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      ...restrict([
        { group: ['**/app/**', '**/adapters/**', '**/contracts/**', '**/config/**', '**/main/**', '../app', '../adapters', '../main', '../config', '../contracts'], message: 'domain/ is pure: it imports nothing outside domain/.' },
        { group: ['node:*', 'fs', 'path', 'http', 'pg', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*', 'fastify', 'pg-boss'], message: 'domain/ does no I/O.' },
      ]),
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'domain/ takes time as an argument.' }, { object: 'process', property: 'env', message: 'domain/ takes config as an argument.' }, { object: 'Math', property: 'random', message: 'domain/ takes randomness as an argument.' }],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: restrict([{ group: ['**/adapters/**', '**/main/**', '**/config/env*', 'fastify', 'pg', 'pg-boss', '@electric-sql/*'], message: 'app/ talks to the outside only through ports.ts.' }]),
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: restrict([{ group: ['**/main/**'], message: 'adapters/ never import main/.' }]),
  },
  {
    files: ['src/adapters/http/**/*.ts'],
    rules: restrict([{ group: ['**/adapters/db/**', '**/adapters/channels/**', '**/adapters/queue/**', '**/db/**', '**/channels/**', '**/queue/**', '**/main/**'], message: 'http/ never imports another adapter: it gets use cases and ports via buildApp(deps).' }]),
  },
  {
    files: ['src/contracts/**/*.ts'],
    rules: restrict([{ group: ['**/app/**', '**/adapters/**', '**/main/**', '**/config/**'], message: 'contracts/ are shared with web/: only zod and domain/.' }]),
  },
  {
    // The in-app widget runs in a shop's page, as plain browser JavaScript.
    files: ['src/adapters/http/inapp-widget.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([{ group: ['**/src/app/**', '**/src/adapters/**', '**/src/main/**', '**/src/config/**'], message: 'web/ imports contracts/ and domain/ only.' }]),
    },
  },
);
