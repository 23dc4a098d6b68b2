import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE, matchesQuery, pageOf, taskMatches, type FindableTask } from './finding';

describe('matchesQuery', () => {
  it('finds every word typed, with or without marks, in NFC or NFD', () => {
    const texts = ['1119/UBND-KGVX', 'V/v triển khai ứng dụng Bluezone', 'UBND phường Vĩnh Thanh Vân'];
    expect(matchesQuery(texts, 'bluezone vĩnh')).toBe(true);
    expect(matchesQuery(texts, 'trien khai')).toBe(true);
    expect(matchesQuery(texts, 'Triển khai'.normalize('NFD'))).toBe(true);
    expect(matchesQuery(texts, '1119')).toBe(true);
    expect(matchesQuery(texts, 'bluezone đông')).toBe(false);
    expect(matchesQuery(texts, '   ')).toBe(true);
  });
});

describe('pageOf', () => {
  const rows = Array.from({ length: 45 }, (_, i) => i + 1);
  it('cuts a list into pages and says how many there are', () => {
    expect(pageOf(rows, 1, 20)).toEqual({ items: rows.slice(0, 20), total: 45, page: 1, pageSize: 20, pages: 3 });
    expect(pageOf(rows, 3, 20).items).toEqual([41, 42, 43, 44, 45]);
  });
  it('keeps a page past the last, or below the first, within the list, and a page within its bound', () => {
    expect(pageOf(rows, 9, 20).page).toBe(3);
    expect(pageOf(rows, 0, 20).page).toBe(1);
    expect(pageOf([], 1, 20)).toEqual({ items: [], total: 0, page: 1, pageSize: 20, pages: 1 });
    expect(pageOf(rows, 1, 10_000).pageSize).toBe(MAX_PAGE_SIZE);
  });
});

describe('taskMatches', () => {
  const task: FindableTask = {
    directiveId: 'kg.2020.1119-ubnd-kgvx',
    state: 'acknowledged',
    standing: { kind: 'overdue' },
    deadline: { at: '2020-08-20T17:00:00+07:00' },
    texts: ['1119/UBND-KGVX', 'V/v triển khai ứng dụng Bluezone'],
  };
  it('keeps a task that meets every filter given, and drops it on any one it fails', () => {
    expect(taskMatches(task, {})).toBe(true);
    expect(taskMatches(task, { query: 'bluezone', state: 'acknowledged', standing: 'overdue', dueBy: '2020-08-20T23:59:59.999+07:00', directiveId: 'kg.2020.1119-ubnd-kgvx' })).toBe(true);
    expect(taskMatches(task, { state: 'issued' })).toBe(false);
    expect(taskMatches(task, { standing: 'within' })).toBe(false);
    expect(taskMatches(task, { dueBy: '2020-08-19T23:59:59.999+07:00' })).toBe(false);
    expect(taskMatches(task, { directiveId: 'kg.2020.9999' })).toBe(false);
    expect(taskMatches(task, { query: 'covid' })).toBe(false);
  });
  it('files a task with nothing due under `none`, and never under a due-by day', () => {
    const open = { ...task, standing: null, deadline: null };
    expect(taskMatches(open, { standing: 'none' })).toBe(true);
    expect(taskMatches(open, { dueBy: '2030-01-01T23:59:59.999+07:00' })).toBe(false);
  });
});
