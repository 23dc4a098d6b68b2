/*
 * The web app's service worker, for push notifications only: it shows what the server sends and opens
 * its link when tapped. No fetch handler and no cache (offline use is another piece of work), so it
 * never stands between the app and the network. A plain same-origin script: the page's CSP allows it.
 */

const FALLBACK_TITLE = 'Theo dõi chỉ đạo';
const FALLBACK_LINK = '/#/notifications';

// A new version takes over at once: it holds no state an older one could still need.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The payload `{ title, body, link, tag }`; a message that is not JSON is shown as text. */
function payloadOf(data) {
  if (!data) return {};
  try {
    const value = data.json();
    return value && typeof value === 'object' ? value : {};
  } catch {
    return { body: data.text() };
  }
}

/** Only a link into this app is followed: a push message must not send anyone elsewhere. */
function sameOriginLink(link) {
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
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    data: { link: sameOriginLink(payload.link) },
  };
  // The same tag replaces the earlier message (one notification sent again) instead of stacking a copy.
  if (typeof payload.tag === 'string' && payload.tag) options.tag = payload.tag;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = sameOriginLink(event.notification.data && event.notification.data.link);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        try {
          const moved = open.url === link ? open : await open.navigate(link);
          await (moved || open).focus();
          return;
        } catch {
          // A window this worker does not control cannot be navigated: open a new one instead.
        }
      }
      await self.clients.openWindow(link);
    })(),
  );
});
