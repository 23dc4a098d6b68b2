import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

/** The API server (apps/server) answers /trpc and /files; in development Vite forwards to it so cookies stay same-origin. */
const api = {
  '/trpc': { target: 'http://127.0.0.1:3000', changeOrigin: false },
  '/files': { target: 'http://127.0.0.1:3000', changeOrigin: false },
};

export default defineConfig({
  plugins: [
    react(),
    // A commune chair on slow 3G pays for every byte (issue 22): each text asset is also written
    // brotli- and gzip-compressed at the highest levels, once at build time, and apps/server sends
    // whichever the browser accepts. Files that would not shrink are left alone.
    compression({ algorithms: ['brotliCompress', 'gzip'] }),
  ],
  server: { proxy: api },
  preview: { proxy: api },
  // No source maps in dist: they were public (2.7 MB, the whole source) and no one debugs production
  // from them; the server also refuses any *.map it finds.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the first page needs in one chunk beside the entry: left to itself the bundler
          // splits out each module a lazy page shares (a dozen files of 1 KB), and on slow 3G every
          // further request waits another 400 ms behind the browser's six connections.
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
  },
});
