import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl } from './connection';
import { checkDatabase } from './reachable';
import { createTestDatabase, freePort } from './testing';

describe('where DATABASE_URL points, for messages', () => {
  it('names host, port, database and user, never the password or the query string', () => {
    expect(describeDatabaseUrl('postgresql://chidao_app:s%40cret@db.example:6432/chidao?sslmode=require&password=x')).toBe('db.example:6432/chidao as chidao_app');
    expect(describeDatabaseUrl('postgresql://db.example/chidao')).toBe('db.example:5432/chidao');
    expect(describeDatabaseUrl('postgresql://app:pw@localhost:54329/chidao?host=%2Fsrv%2Fpg')).toBe('/srv/pg (port 54329)/chidao as app');
    expect(describeDatabaseUrl('not a url')).toBe('(DATABASE_URL is not a URL)');
  });
});

describe('the connection check at start', () => {
  it('passes on a server that answers', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      await checkDatabase(database.url);
    } finally {
      await database.drop();
    }
  });

  it('fails on a port nobody listens on, naming the host and not the password', async () => {
    const port = await freePort();
    const failure = checkDatabase(`postgresql://chidao:topsecret@127.0.0.1:${port}/chidao`);
    await expect(failure).rejects.toThrow(`Cannot reach PostgreSQL at 127.0.0.1:${port}/chidao as chidao (DATABASE_URL): `);
    await expect(failure).rejects.not.toThrow(/topsecret/);
  });
});
