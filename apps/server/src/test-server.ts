import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect } from 'vitest';
import { testFileStore } from '@chidao/api/testing';
import { DEMO_PASSWORD, type Repositories } from '@chidao/db';
import type { FileStore } from '@chidao/files';
import { DEFAULT_AUTH_POLICY } from '@chidao/domain';
import { createIntakePool, type IntakeReader } from '@chidao/intake';
import { createHttpServer } from './http';

/**
 * For a test file that reads what a browser downloads: the HTTP host over the file's store, with no
 * Temporal (nothing it calls needs the engine), listening on a free port from `beforeAll` (declared
 * after the store, so it closes before the store does). `prepare` runs first, on the same
 * repositories and file store.
 */
export function useFileServer(
  repos: () => Repositories,
  options: { intake?: IntakeReader; files?: FileStore; prepare?: () => Promise<void> } = {},
): { readonly base: string; signedIn(username: string): Promise<string> } {
  let server: Server | undefined;
  let base = '';
  beforeAll(async () => {
    await options.prepare?.();
    server = createHttpServer({
      context: {
        repos: repos(),
        temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
        intake: options.intake ?? createIntakePool(),
        files: options.files ?? testFileStore(),
        devSignIn: true,
        auth: { policy: DEFAULT_AUTH_POLICY, now: () => new Date() },
      },
      cookies: { secure: 'auto', trustProxy: false },
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    get base() {
      return base;
    },
    /** The Cookie header of an account signed in through the API with the demo password, as the web app signs in. */
    async signedIn(username: string): Promise<string> {
      const visit = await fetch(`${base}/trpc/session.me`);
      const cookieOf = (response: Response) => new Map(response.headers.getSetCookie().map((line) => line.split(';')[0]!.split('=') as [string, string]));
      const csrf = cookieOf(visit).get('chidao_csrf')!;
      const signIn = await fetch(`${base}/trpc/session.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `chidao_csrf=${csrf}`, 'x-csrf-token': csrf, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      expect(signIn.status).toBe(200);
      return [...cookieOf(signIn)].map(([name, value]) => `${name}=${value}`).join('; ');
    },
  };
}
