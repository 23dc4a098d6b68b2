import type { ContactChannel } from '@chidao/domain';
import type { Db } from './client';

/** A person's contact points and the hash of the code that verifies each (never the code). */
export interface ContactRecord {
  readonly userId: string;
  readonly channel: ContactChannel;
  readonly address: string;
  readonly verifiedAt: string | null;
  readonly codeHash: string | null;
  readonly codeExpiresAt: string | null;
  readonly codeAttempts: number;
  readonly codesSentAt: readonly string[];
}

export type ContactRepository = ReturnType<typeof createContactRepository>;

export function createContactRepository(db: Db) {
  const { prisma } = db;
  const toRecord = (r: Awaited<ReturnType<typeof prisma.contactPoint.findMany>>[number]): ContactRecord => ({
    userId: r.userId,
    channel: r.channel as ContactChannel,
    address: r.address,
    verifiedAt: r.verifiedAt?.toISOString() ?? null,
    codeHash: r.codeHash,
    codeExpiresAt: r.codeExpiresAt?.toISOString() ?? null,
    codeAttempts: r.codeAttempts,
    codesSentAt: r.codesSentAt.map((d) => d.toISOString()),
  });
  return {
    async list(userId: string): Promise<ContactRecord[]> {
      return (await prisma.contactPoint.findMany({ where: { userId }, orderBy: { channel: 'asc' } })).map(toRecord);
    },
    async get(userId: string, channel: ContactChannel): Promise<ContactRecord | null> {
      const row = await prisma.contactPoint.findUnique({ where: { userId_channel: { userId, channel } } });
      return row ? toRecord(row) : null;
    },
    /**
     * A new code for the contact, if `decide` allows one given the contact as it stands (the
     * throttle): read and written under a lock per contact, so two requests at once cannot both pass
     * it. A new address starts unverified; the same address keeps its verification meanwhile.
     */
    async issueCode<T>(
      userId: string,
      channel: ContactChannel,
      decide: (previous: ContactRecord | null) => { address: string; codeHash: string; expiresAt: string; sentAt: readonly string[]; result: T } | { refused: T },
    ): Promise<T> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`contact:${userId}:${channel}`}))`;
        const row = await tx.contactPoint.findUnique({ where: { userId_channel: { userId, channel } } });
        const previous = row ? toRecord(row) : null;
        const next = decide(previous);
        if ('refused' in next) return next.refused;
        const data = {
          address: next.address,
          codeHash: next.codeHash,
          codeExpiresAt: new Date(next.expiresAt),
          codeAttempts: 0,
          codesSentAt: next.sentAt.map((s) => new Date(s)),
          ...(previous?.address === next.address ? {} : { verifiedAt: null }),
        };
        await tx.contactPoint.upsert({ where: { userId_channel: { userId, channel } }, create: { userId, channel, ...data }, update: data });
        return next.result;
      });
    },
    async wrongCode(userId: string, channel: ContactChannel): Promise<void> {
      await prisma.contactPoint.updateMany({ where: { userId, channel }, data: { codeAttempts: { increment: 1 } } });
    },
    async verified(userId: string, channel: ContactChannel, at: string): Promise<void> {
      await prisma.contactPoint.updateMany({ where: { userId, channel }, data: { verifiedAt: new Date(at), codeHash: null, codeExpiresAt: null, codeAttempts: 0 } });
    },
    /** Contact points already verified (the demo accounts' addresses on the embedded setup); existing ones are kept. */
    async seedVerified(contacts: ReadonlyArray<{ userId: string; channel: ContactChannel; address: string }>): Promise<void> {
      if (contacts.length === 0) return;
      await prisma.contactPoint.createMany({ data: contacts.map((c) => ({ ...c, verifiedAt: new Date() })), skipDuplicates: true });
    },
    async remove(userId: string, channel: ContactChannel): Promise<boolean> {
      const { count } = await prisma.contactPoint.deleteMany({ where: { userId, channel } });
      return count > 0;
    },
  };

}
