import { ERROR_CODES, type ErrorCode } from '@chidao/domain';
import { describe, expect, it } from 'vitest';
import { domainCodeOf, errorMessageKey, isSignedOutError, isTransient } from './errors';

/** What a TRPCClientError looks like to the app: a name, a message and the server's `data`. */
function clientError(data: unknown, message = 'server text'): Error {
  const error = new Error(message);
  error.name = 'TRPCClientError';
  Object.assign(error, { data });
  return error;
}

describe('errorMessageKey', () => {
  it('chooses the message by data.domainCode for every code in the domain table', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      expect(errorMessageKey(clientError({ code: 'BAD_REQUEST', httpStatus: 400, domainCode: code }))).toBe(`errors.codes.${code}`);
    }
  });

  it('ignores the message text', () => {
    const error = clientError({ code: 'CONFLICT', httpStatus: 409, domainCode: null }, 'ALREADY_ACKNOWLEDGED');
    expect(errorMessageKey(error)).toBe('errors.unknown');
    const coded = clientError({ code: 'CONFLICT', httpStatus: 409, domainCode: 'ALREADY_ACKNOWLEDGED' }, 'NOT_SIGNED_IN');
    expect(errorMessageKey(coded)).toBe('errors.codes.ALREADY_ACKNOWLEDGED');
  });

  it('treats an unknown code as unknown', () => {
    expect(errorMessageKey(clientError({ domainCode: 'SOMETHING_NEW' }))).toBe('errors.unknown');
    expect(errorMessageKey(clientError({ domainCode: 'toString' }))).toBe('errors.unknown');
  });

  it('says the server is unreachable when the call never got an answer', () => {
    expect(errorMessageKey(clientError(undefined, 'Failed to fetch'))).toBe('errors.network');
  });

  it('falls back to a generic message for anything else', () => {
    expect(errorMessageKey(new Error('boom'))).toBe('errors.unknown');
    expect(errorMessageKey(null)).toBe('errors.unknown');
    expect(errorMessageKey('text')).toBe('errors.unknown');
  });
});

describe('domainCodeOf / isSignedOutError', () => {
  it('reads the code and recognises a lost session', () => {
    const error = clientError({ code: 'UNAUTHORIZED', httpStatus: 401, domainCode: 'NOT_SIGNED_IN' });
    expect(domainCodeOf(error)).toBe('NOT_SIGNED_IN');
    expect(isSignedOutError(error)).toBe(true);
    expect(isSignedOutError(clientError({ code: 'UNAUTHORIZED', httpStatus: 401, domainCode: null }, 'NOT_SIGNED_IN'))).toBe(false);
  });
});

describe('isTransient', () => {
  it('retries only what asking again could fix', () => {
    expect(isTransient(clientError(undefined, 'Failed to fetch'))).toBe(true);
    expect(isTransient(clientError({ domainCode: 'UNAVAILABLE' }))).toBe(true);
    expect(isTransient(clientError({ domainCode: 'ENGINE_UNAVAILABLE' }))).toBe(true);
    expect(isTransient(clientError({ domainCode: 'UNIT_NOT_FOUND' }))).toBe(false);
    expect(isTransient(clientError({ domainCode: 'NOT_SIGNED_IN' }))).toBe(false);
  });
});
