import { hash, parseOptions, verify } from '@node-rs/argon2';

/**
 * Password hashing: argon2id (the library's default algorithm) with OWASP's baseline parameters,
 * 19 MiB of memory, 2 passes, 1 lane: about 50–120 ms per hash on our machines. The PHC string
 * carries its parameters and salt, so raising them later only needs `needsRehash` at sign-in.
 */
export const PASSWORD_HASH_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_PARAMS);
}

/** False for a wrong password and for anything that is not an argon2 PHC string. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when the hash was made with weaker parameters (or another variant) than today's. */
export function needsRehash(passwordHash: string): boolean {
  try {
    const used = parseOptions(passwordHash);
    return (
      !passwordHash.startsWith('$argon2id$') ||
      used.memoryCost < PASSWORD_HASH_PARAMS.memoryCost ||
      used.timeCost < PASSWORD_HASH_PARAMS.timeCost ||
      used.parallelism !== PASSWORD_HASH_PARAMS.parallelism
    );
  } catch {
    return true;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A hash of nothing anyone knows, to verify against when the username does not exist, so an unknown
 * account costs as much time as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(`no account ${Math.random()}`);
  return dummy;
}
