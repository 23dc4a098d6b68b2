import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

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
    // Installable, and opens with no signal (issue 22): the manifest, and dist/sw.js built from
    // src/sw/sw.ts (injectManifest keeps the push handlers ours) with this build's files precached.
    // The page registers the worker itself (main.tsx), after the first page has what it needs.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        name: 'Theo dõi chỉ đạo',
        short_name: 'Chỉ đạo',
        description: 'Theo dõi thực hiện công văn chỉ đạo của chính quyền địa phương',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f4f6f8',
        theme_color: '#0b5cad',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The shell only: index.html and the first page's script and style (sign-in and the home
        // page, the 'app' group below), already in the HTTP cache when the worker installs, so
        // installing costs index.html alone. Other pages' chunks are not downloaded for a phone that
        // may never open them (a commune does not issue directives); once opened they stay in the HTTP
        // cache (a year, immutable), which the browser also uses offline. The plugin adds the
        // manifest and its icons itself.
        globPatterns: ['index.html', 'assets/app-*.{js,css}', 'assets/rolldown-runtime-*.js'],
      },
    }),
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
