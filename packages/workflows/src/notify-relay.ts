import pg from 'pg';
import type { Client } from '@temporalio/client';
import { wakeNotificationDispatch } from './client';

/**
 * PostgreSQL tells us (NOTIFY at commit, from the outbox's triggers) that a notification event was
 * recorded: wake the dispatcher, at most once per `debounceMs`, so a fan-out of ten thousand new
 * tasks costs a handful of signals. A lost notice costs at most the dispatcher's minute of sleep.
 */
export async function startNotificationRelay(databaseUrl: string, client: Client, debounceMs = 1_000): Promise<{ close(): Promise<void> }> {
  const listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  listener.on('notification', () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void wakeNotificationDispatch(client);
    }, debounceMs);
  });
  // A dropped connection loses notices only: the dispatcher still looks every minute.
  listener.on('error', (error) => console.error('worker: notification relay', error.message));
  await listener.query('LISTEN chidao_notifications');
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await listener.end().catch(() => undefined);
    },
  };
}
