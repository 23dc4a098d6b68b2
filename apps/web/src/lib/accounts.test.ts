import { describe, expect, it } from 'vitest';
import type { DemoAccount } from '../api';
import { filterGroups, groupAccounts, searchKey } from './accounts';

const account = (unitId: string, unitName: string, displayName = `Chủ tịch ${unitName}`): DemoAccount => ({
  id: `u.${unitId}`,
  username: unitId,
  displayName,
  unitId,
  unitName,
});

const ACCOUNTS = [
  account('kg', 'Ủy ban nhân dân tỉnh Kiên Giang'),
  account('kg.so-tttt', 'Sở Thông tin và Truyền thông'),
  account('kg.rach-gia', 'UBND thành phố Rạch Giá'),
  account('kg.rach-gia.p-vinh-thanh-van', 'UBND phường Vĩnh Thanh Vân'),
  account('kg.an-bien.x-nam-yen', 'UBND xã Nam Yên'),
  account('kg.an-bien', 'UBND huyện An Biên'),
  account('kg.hoi-lhpn', 'Hội Liên hiệp Phụ nữ tỉnh'),
];

describe('groupAccounts', () => {
  it('puts the province and its agencies first, then each district with its communes', () => {
    const groups = groupAccounts(ACCOUNTS);
    expect(groups.map((g) => g.title)).toEqual([null, 'UBND thành phố Rạch Giá', 'UBND huyện An Biên']);
    expect(groups[0]?.accounts.map((a) => a.unitId)).toEqual(['kg', 'kg.so-tttt', 'kg.hoi-lhpn']);
    expect(groups[1]?.accounts.map((a) => a.unitId)).toEqual(['kg.rach-gia', 'kg.rach-gia.p-vinh-thanh-van']);
    // The district comes first even when its commune was listed before it.
    expect(groups[2]?.accounts.map((a) => a.unitId)).toEqual(['kg.an-bien', 'kg.an-bien.x-nam-yen']);
  });

  it('keeps every account exactly once', () => {
    const all = groupAccounts(ACCOUNTS).flatMap((g) => g.accounts);
    expect(all).toHaveLength(ACCOUNTS.length);
    expect(new Set(all.map((a) => a.id)).size).toBe(ACCOUNTS.length);
  });

  it('lists everything in one group when there is no hierarchy to see', () => {
    const groups = groupAccounts([account('a', 'A'), account('b', 'B')]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.accounts).toHaveLength(2);
  });
});

describe('filterGroups', () => {
  const groups = groupAccounts(ACCOUNTS);

  it('matches without accents and case', () => {
    expect(searchKey('Vĩnh Thanh Vân')).toBe('vinh thanh van');
    const found = filterGroups(groups, 'vinh thanh');
    expect(found.flatMap((g) => g.accounts.map((a) => a.unitId))).toEqual(['kg.rach-gia.p-vinh-thanh-van']);
  });

  it('keeps a whole district when its name matches', () => {
    const found = filterGroups(groups, 'An Biên');
    expect(found.flatMap((g) => g.accounts.map((a) => a.unitId))).toEqual(['kg.an-bien', 'kg.an-bien.x-nam-yen']);
  });

  it('needs every word to match, and returns everything for an empty query', () => {
    expect(filterGroups(groups, 'so thong tin')).toHaveLength(1);
    expect(filterGroups(groups, 'so xyz')).toHaveLength(0);
    expect(filterGroups(groups, '   ')).toEqual(groups);
  });

  it('matches the person’s name too', () => {
    const named = groupAccounts([account('kg', 'UBND tỉnh', 'Lâm Minh Thành')]);
    expect(filterGroups(named, 'lam minh')).toHaveLength(1);
  });
});

describe('groupAccounts with several provinces', () => {
  const TWO = [
    ...ACCOUNTS,
    account('an-giang', 'Ủy ban nhân dân tỉnh An Giang'),
    account('an-giang.so-khcn', 'Sở Khoa học và Công nghệ tỉnh An Giang'),
    account('an-giang.p-rach-gia', 'UBND phường Rạch Giá'),
    account('an-giang.dk-phu-quoc', 'UBND đặc khu Phú Quốc'),
  ];

  it('gives each province a titled group of its own, a three-level one followed by its districts', () => {
    const groups = groupAccounts(TWO);
    expect(groups.map((g) => g.title)).toEqual([
      'Ủy ban nhân dân tỉnh Kiên Giang',
      'UBND thành phố Rạch Giá',
      'UBND huyện An Biên',
      'Ủy ban nhân dân tỉnh An Giang',
    ]);
    expect(groups[0]?.accounts.map((a) => a.unitId)).toEqual(['kg', 'kg.so-tttt', 'kg.hoi-lhpn']);
    // Two levels: the communes sit with the province and its agencies.
    expect(groups[3]?.accounts.map((a) => a.unitId)).toEqual(['an-giang', 'an-giang.so-khcn', 'an-giang.p-rach-gia', 'an-giang.dk-phu-quoc']);
    expect(groups.flatMap((g) => g.accounts)).toHaveLength(TWO.length);
  });

  it('finds the old city of 2020 and the new phường of 2025 by one name', () => {
    const found = filterGroups(groupAccounts(TWO), 'Rạch Giá');
    expect(found.map((g) => g.unitId)).toEqual(['kg.rach-gia', 'an-giang']);
    expect(found[1]?.accounts.map((a) => a.unitId)).toEqual(['an-giang.p-rach-gia']);
  });
});
