import { vapidKeyBytes } from './notifications';

/**
 * This browser's push subscription: the service worker at /sw.js (built from src/sw/sw.ts: it shows
 * the messages and opens their links, and precaches the app shell), and PushManager. Browser-only code; the pure parts are in
 * ./notifications.ts.
 */

const WORKER_URL = '/sw.js';

/** Why push cannot be turned on here, in words the settings page chooses. */
export class PushProblem extends Error {
  constructor(readonly reason: 'unsupported' | 'denied' | 'dismissed' | 'noKeys') {
    super(`Push unavailable: ${reason}`);
    this.name = 'PushProblem';
  }
}

export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** Whether the person blocked notifications for this site (only the browser's settings can undo it). */
export function pushBlocked(): boolean {
  return pushSupported() && Notification.permission === 'denied';
}

/** This browser's current subscription, if any (without registering a worker it did not have). */
export async function currentPushSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration(WORKER_URL);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** What the API stores of a subscription (PushSubscription.toJSON()). */
export interface PushSubscriptionKeys {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
}

/** Asks permission, registers the worker and subscribes with the installation's public key. */
export async function subscribeToPush(vapidPublicKey: string): Promise<PushSubscriptionKeys> {
  if (!pushSupported()) throw new PushProblem('unsupported');
  const permission = await Notification.requestPermission();
  if (permission === 'denied') throw new PushProblem('denied');
  if (permission !== 'granted') throw new PushProblem('dismissed');
  await navigator.serviceWorker.register(WORKER_URL);
  const registration = await navigator.serviceWorker.ready;
  let subscription: PushSubscription;
  try {
    subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: vapidKeyBytes(vapidPublicKey) });
  } catch (error) {
    // Some browsers ask again at subscribe time, or refuse there when notifications are blocked.
    if (error instanceof DOMException && error.name === 'NotAllowedError') throw new PushProblem('denied');
    throw error;
  }
  const json = subscription.toJSON();
  const p256dh = json.keys?.['p256dh'];
  const auth = json.keys?.['auth'];
  if (!json.endpoint || !p256dh || !auth) throw new PushProblem('noKeys');
  return { endpoint: json.endpoint, keys: { p256dh, auth } };
}

/** Ends this browser's subscription; the endpoint it had, for the API to forget (null: there was none). */
export async function unsubscribeFromPush(): Promise<string | null> {
  const subscription = await currentPushSubscription();
  if (!subscription) return null;
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe();
  return endpoint;
}
