/*
 * The web app's service worker (built by vite-plugin-pwa's injectManifest into dist/sw.js).
 *
 * - The app shell is precached: index.html and every script, style and icon of this build (the list
 *   the build injects as `self.__WB_MANIFEST`, each with its revision), so the app opens with no
 *   signal at all. Every navigation is answered with the precached index.html (routes live in the
 *   hash). The API (/trpc) is never cached here: what the signed-in person last saw is kept by the
 *   page itself (lib/offlineStore.ts), per user, and cleared when they sign out.
 * - Push notifications: it shows what the server sends and opens its link when tapped.
 *
 * Written against minimal types of its own: the web app's program has the DOM library, whose
 * declarations clash with the WebWorker library's.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushMessage {
  json(): unknown;
  text(): string;
}
interface PushEvent extends ExtendableEvent {
  readonly data: PushMessage | null;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}
interface WindowClientLike {
  readonly url: string;
  navigate(url: string): Promise<WindowClientLike | null>;
  focus(): Promise<WindowClientLike>;
}
interface WorkerScope {
  readonly location: Location;
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    claim(): Promise<void>;
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}

declare const self: WorkerScope & { readonly __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

const FALLBACK_TITLE = 'Theo dõi chỉ đạo';
const FALLBACK_LINK = '/#/notifications';

precacheAndRoute(self.__WB_MANIFEST);
// A release's precache replaces the one before it, instead of both staying on a phone with little room.
cleanupOutdatedCaches();
// The address bar may hold any path the server would answer with index.html; the API, files and the
// single sign-on routes (a redirect to the province's provider, and its way back) are not pages.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/trpc\//, /^\/files\//, /^\/healthz/, /^\/auth\/oidc\//] }));

// A new version takes over at once: the page keeps its own state (the queue, the cached tasks) in
// IndexedDB, not in the worker, and index.html with its scripts come from one precache together.
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The payload `{ title, body, link, tag }`; a message that is not JSON is shown as text. */
function payloadOf(data: PushMessage | null): Record<string, unknown> {
  if (!data) return {};
  try {
    const value = data.json();
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return { body: data.text() };
  }
}

/** Only a link into this app is followed: a push message must not send anyone elsewhere. */
function sameOriginLink(link: unknown): string {
  try {
    const url = new URL(typeof link === 'string' && link ? link : FALLBACK_LINK, self.location.origin);
    return url.origin === self.location.origin ? url.href : new URL(FALLBACK_LINK, self.location.origin).href;
  } catch {
    return new URL(FALLBACK_LINK, self.location.origin).href;
  }
}

self.addEventListener('push', (event) => {
  const payload = payloadOf(event.data);
  const title = typeof payload.title === 'string' && payload.title ? payload.title : FALLBACK_TITLE;
  const options: NotificationOptions = {
    body: typeof payload.body === 'string' ? payload.body : '',
    data: { link: sameOriginLink(payload.link) },
  };
  // The same tag replaces the earlier message (one notification sent again) instead of stacking a copy.
  if (typeof payload.tag === 'string' && payload.tag) options.tag = payload.tag;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { link?: unknown } | null;
  const link = sameOriginLink(data?.link);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        try {
          const moved = open.url === link ? open : await open.navigate(link);
          await (moved ?? open).focus();
          return;
        } catch {
          // A window this worker does not control cannot be navigated: open a new one instead.
        }
      }
      await self.clients.openWindow(link);
    })(),
  );
});
