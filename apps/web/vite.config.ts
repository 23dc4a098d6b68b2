import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API server (apps/server) answers /trpc; in development Vite forwards to it so cookies stay same-origin. */
const api = { '/trpc': { target: 'http://127.0.0.1:3000', changeOrigin: false } };

export default defineConfig({
  plugins: [react()],
  server: { proxy: api },
  preview: { proxy: api },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
