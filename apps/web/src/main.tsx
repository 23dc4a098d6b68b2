import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadDevice } from './device';
import { initI18n } from './i18n';
import { createClient, createQueryClient, TRPCProvider, watchPendingSignOut } from './trpc';
import './styles.css';

// Only a stored language other than Vietnamese waits here, for its messages' chunk; the device's
// store (the last task list, the outbox, unsent report forms) is read meanwhile, a few milliseconds.
await Promise.all([initI18n(), loadDevice()]);
const queryClient = createQueryClient();
const trpcClient = createClient();
// A sign-out made without a connection reaches the server as soon as one returns (lib/pendingSignOut.ts).
watchPendingSignOut();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <App />
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);

/**
 * The service worker (src/sw/sw.ts): it precaches the app shell so the app opens with no signal. It
 * is registered once the page has loaded and its first queries have their answers, so on slow 3G its
 * download does not hold up the task list's.
 */
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  const whenQuiet = () => {
    if (queryClient.isFetching() === 0) return register();
    const unsubscribe = queryClient.getQueryCache().subscribe(() => {
      if (queryClient.isFetching() !== 0) return;
      unsubscribe();
      register();
    });
  };
  if (document.readyState === 'complete') whenQuiet();
  else window.addEventListener('load', whenQuiet, { once: true });
}
