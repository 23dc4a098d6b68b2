import { describe, expect, it } from 'vitest';
import { flat, flatWithin, trimSpan } from './view';

describe('flatWithin', () => {
  it('gives what flat gives for every span of the range', () => {
    const texts = [
      'đạt 50% người dân ,  cài đặt .  Bluezone (trước 20/8) !',
      '  a  .b ) c\t\n, d ;e  ?  ',
      'Sở Y tế , Sở Tài chính )  .',
      'x .\u2028y  :z',
    ];
    for (const view of texts) {
      for (const [from, to] of [
        [0, view.length],
        [2, view.length - 3],
      ] as const) {
        const textOf = flatWithin(view, from, to);
        for (let a = from; a <= to; a++) {
          for (let b = a; b <= to; b++) {
            const span = trimSpan(view, a, b);
            expect(textOf(span), JSON.stringify(view.slice(span.start, span.end))).toBe(flat(view.slice(span.start, span.end)));
          }
        }
      }
    }
  });
});
