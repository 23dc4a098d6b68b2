import { describe, expect, it } from 'vitest';
import { BULLET_RE, bulletKind, clauses, endMarkAt, sentences } from './shared';

const texts = (view: string, spans: readonly { start: number; end: number }[]) => spans.map((s) => view.slice(s.start, s.end));

describe('sentences and clauses', () => {
  it('splits sentences at a stop before a capital, not after an abbreviation', () => {
    const view = 'Tp. Hồ Chí Minh đã làm. Sở Y tế báo cáo; UBND huyện thực hiện! Xong';
    expect(texts(view, sentences(view, 0, view.length))).toEqual(['Tp. Hồ Chí Minh đã làm.', 'Sở Y tế báo cáo; UBND huyện thực hiện!', 'Xong']);
  });

  it('splits clauses at semicolons and drops empty ones', () => {
    const view = 'a; b ;; c';
    expect(texts(view, clauses(view, { start: 0, end: view.length }))).toEqual(['a', 'b', 'c']);
  });
});

describe('endMarkAt', () => {
  it('finds "./." and "/. VP" at the end of a paragraph, spaces before included', () => {
    expect(endMarkAt('báo cáo./.')).toBe(8);
    expect(endMarkAt('báo cáo /. VP')).toBe(7);
  });

  it('is null for a date or a paragraph without a mark', () => {
    expect(endMarkAt('trước ngày 15/3')).toBeNull();
    expect(endMarkAt('không')).toBeNull();
  });
});

describe('bullets', () => {
  it('tells the kinds of marker apart', () => {
    const kind = (line: string) => bulletKind(BULLET_RE.exec(line)!);
    expect(['- a', '+ a', '• a', '* a', '1.2. A', '1. A', 'a) b', 'b. Báo', 'II. Nhiệm'].map(kind)).toEqual([
      'dash', 'plus', 'dot', 'star', 'numnum', 'num', 'alpha', 'alpha', 'roman',
    ]);
  });

  it('does not read "--" or a lower-case word after "a." as a bullet', () => {
    expect(BULLET_RE.exec('-- a')).toBeNull();
    expect(BULLET_RE.exec('a. báo')).toBeNull();
  });
});
