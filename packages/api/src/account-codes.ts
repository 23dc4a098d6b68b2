import { createHash, randomInt } from 'node:crypto';
import { ACCOUNT_CODE_POLICY, CODE_ALPHABET, DomainError, formatAccountCode, type ContactChannel } from '@chidao/domain';
import { TransientChannelError } from '@chidao/channels';
import type { NewAccountCode } from '@chidao/db';
import type { Context } from './context';

/**
 * One-time codes that set a password (activation of a new account, a reset): made here, kept only
 * as their SHA-256, sent as a link to an e-mail address (a reset also to a verified phone, by SMS or
 * Zalo) or printed on the administrator's sheet.
 */

export interface MadeCode {
  /** As typed and printed (ABCD-EFGH-JKMN-PQRS). */
  readonly code: string;
  readonly row: NewAccountCode;
}

export const accountCodeHash = (code: string): string => createHash('sha256').update(`account-code:${code}`, 'utf8').digest('hex');

export function makeAccountCode(input: Omit<NewAccountCode, 'codeHash' | 'expiresAt'>): MadeCode {
  let raw = '';
  for (let i = 0; i < ACCOUNT_CODE_POLICY.length; i++) raw += CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)];
  const validMs = input.purpose === 'activation' ? ACCOUNT_CODE_POLICY.activationValidHours * 3_600_000 : ACCOUNT_CODE_POLICY.resetValidMinutes * 60_000;
  return {
    code: formatAccountCode(raw),
    row: { ...input, codeHash: accountCodeHash(raw), expiresAt: new Date(Date.parse(input.createdAt) + validMs).toISOString() },
  };
}

/** The web app's page that takes a code and a new password. */
export const codeLink = (ctx: Pick<Context, 'notify'>, code: string) => `${ctx.notify?.appUrl ?? ''}/#/activate/${code}`;

/**
 * Sends a code's link to a verified contact point: a letter by e-mail; by SMS or Zalo the code and
 * the link in a line (an SMS carries the title and the link). The message's key is the code's hash,
 * so a retried send is the same message.
 */
export async function sendCode(ctx: Pick<Context, 'notify'>, via: ContactChannel, to: string, made: MadeCode, displayName: string): Promise<void> {
  const channel = ctx.notify?.channels[via];
  if (!channel) throw new DomainError('CHANNEL_UNAVAILABLE', `The ${via} channel is not configured`, { field: 'delivery' });
  const link = codeLink(ctx, made.code);
  const activation = made.row.purpose === 'activation';
  const valid = activation ? `${ACCOUNT_CODE_POLICY.activationValidHours} giờ` : `${ACCOUNT_CODE_POLICY.resetValidMinutes} phút`;
  const body = [
    `Kính gửi ${displayName},`,
    activation
      ? 'Tài khoản của anh/chị trên Theo dõi chỉ đạo đã được tạo. Mở liên kết dưới đây để đặt mật khẩu và kích hoạt tài khoản:'
      : 'Có yêu cầu đặt lại mật khẩu tài khoản của anh/chị trên Theo dõi chỉ đạo. Mở liên kết dưới đây để đặt mật khẩu mới:',
    link,
    `Mã: ${made.code}. Liên kết có hiệu lực ${valid} và chỉ dùng được một lần.`,
    activation ? '' : 'Nếu anh/chị không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.',
  ]
    .filter((line) => line !== '')
    .join('\n\n');
  const title =
    via === 'email'
      ? activation
        ? 'Kích hoạt tài khoản Theo dõi chỉ đạo'
        : 'Đặt lại mật khẩu Theo dõi chỉ đạo'
      : `${activation ? 'Mã kích hoạt' : 'Mã đặt lại mật khẩu'} Theo dõi chỉ đạo: ${made.code} (${valid})`;
  try {
    const outcome = await channel.send({ key: `account-code-${made.row.codeHash.slice(0, 32)}`, to, title, body, link });
    if (!outcome.ok) throw new DomainError('CHANNEL_UNAVAILABLE', `The address refused the message: ${outcome.reason}`, { field: via === 'email' ? 'email' : 'phone' });
  } catch (error) {
    if (error instanceof TransientChannelError) throw new DomainError('UNAVAILABLE', `The ${via} provider is unavailable: ${error.message}`, { retryAfterSeconds: 30 });
    throw error;
  }
}
