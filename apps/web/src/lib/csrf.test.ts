import { describe, expect, it } from 'vitest';
import { cookieValue, csrfHeaders } from './csrf';

describe('the CSRF header', () => {
  it('echoes the token of the csrf cookie', () => {
    expect(csrfHeaders('lang=vi; chidao_csrf=abc-123_x; other=1')).toEqual({ 'x-csrf-token': 'abc-123_x' });
  });

  it('is left out when there is no such cookie', () => {
    expect(csrfHeaders('')).toEqual({});
    expect(csrfHeaders('not_chidao_csrf=1')).toEqual({});
    expect(cookieValue('chidao_csrf=%E0%A4%A', 'chidao_csrf')).toBeNull();
  });
});
