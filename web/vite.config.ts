import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const api = 'http://127.0.0.1:3000';

// The web app imports src/contracts and src/domain (the live preview runs the server's
// renderer), so the dev server must be allowed to read the repo root, not only web/.
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { '/api': api, '/healthz': api, '/readyz': api, '/metrics': api, '/webhooks': api },
  },
});
