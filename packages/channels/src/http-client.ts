import { TransientChannelError } from './channel';

/** What the HTTP adapters (SMS, Zalo) share: a bounded wait, and no answer counted as transient. */

/** Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3), in ms; null when absent or unreadable. */
export function retryAfterMs(value: string | string[] | null | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === null || text.trim() === '') return null;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed body, or undefined when it is not JSON (a proxy's error page). */
  readonly body: unknown;
}

/**
 * POSTs JSON and reads the answer. A provider that cannot be reached, resets, or does not answer
 * within `timeoutMs` throws TransientChannelError; an answer, whatever its status, is returned.
 */
export async function postJson(provider: string, url: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<JsonAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new TransientChannelError(`${provider} unreachable: ${error instanceof Error ? error.message : String(error)}${cause}`, null, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** An HTTP status that says "later" (throttled, overloaded, down): throws TransientChannelError. */
export function throwIfTransientStatus(provider: string, answer: JsonAnswer): void {
  const { status } = answer;
  if (status === 408 || status === 429 || status >= 500) {
    throw new TransientChannelError(`${provider} answered HTTP ${status}`, retryAfterMs(answer.headers.get('retry-after')));
  }
}
