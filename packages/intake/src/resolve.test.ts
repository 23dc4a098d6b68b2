import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildHierarchy, KG, kienGiangUnits, THREE_LEVEL_SCHEME } from '@chidao/domain';
import { parseDispatch } from './parse';
import { resolveDraft, resolveIntakeGroup } from './resolve';
import { sourceText } from './view';

const hierarchy = buildHierarchy(THREE_LEVEL_SCHEME, kienGiangUnits());
const read = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('resolving a draft against the unit tree', () => {
  it('places named units by their name as the dispatch writes it', () => {
    const named = (name: string) => resolveIntakeGroup(hierarchy, KG.province, { type: 'named', name });
    expect(named('Sở Thông tin và Truyền thông')).toEqual({ type: 'units', unitIds: [KG.soTTTT] });
    expect(named('Đoàn Thanh niên')).toEqual({ type: 'units', unitIds: [KG.tinhDoan] });
    expect(named('Đài Phát thanh và Truyền hình tỉnh')).toEqual({ type: 'units', unitIds: [KG.daiPTTH] });
    expect(named('Báo Kiên Giang')).toEqual({ type: 'units', unitIds: [KG.baoKienGiang] });
    expect(named('Công an tỉnh')).toBeNull();
    expect(resolveIntakeGroup(hierarchy, KG.province, { type: 'businesses' })).toEqual({ type: 'units', unitIds: [KG.hiepHoiDN] });
    // Inside a district's area there is no business association to stand for its businesses.
    expect(resolveIntakeGroup(hierarchy, 'kg.rach-gia', { type: 'businesses' })).toBeNull();
  });

  it('keeps what it cannot place, and lists it in unrecognized with its span', () => {
    const text = read('kien-giang-1310-UBND-KGVX-chi-tieu.txt');
    const source = sourceText(text);
    const draft = resolveDraft(hierarchy, KG.province, parseDispatch(text), source);
    expect(draft.coordinatorUnitId).toBeNull();
    expect(draft.deadlines[2]!.owers).toEqual([{ type: 'unresolved', text: 'Văn phòng UBND tỉnh' }]);
    const listed = draft.unrecognized.map((u) => source.slice(u.span.start, u.span.end));
    expect(listed).toEqual(expect.arrayContaining(['Văn phòng UBND tỉnh']));
    // Everything the parser listed is still there.
    expect(draft.unrecognized.length).toBeGreaterThan(parseDispatch(text).unrecognized.length);
  });

  it('places each row of a phụ lục table on the district it names, and lists a row it cannot place', () => {
    const text = read('kien-giang-2150-QD-UBND-phu-luc.md').replace('Huyện Kiên Hải', 'Huyện Đảo Ngọc');
    const source = sourceText(text);
    const draft = resolveDraft(hierarchy, KG.province, parseDispatch(text), source);
    const byName = new Map(draft.unitTargets.map((t) => [t.unitName, t.group]));
    expect(byName.get('Thành phố Rạch Giá')).toEqual({ type: 'units', unitIds: ['kg.rach-gia'] });
    expect(byName.get('Huyện Châu Thành')).toEqual({ type: 'units', unitIds: ['kg.chau-thanh'] });
    expect(byName.get('Huyện Phú Quốc')).toEqual({ type: 'units', unitIds: ['kg.phu-quoc'] });
    expect(byName.get('Huyện Đảo Ngọc')).toEqual({ type: 'unresolved', text: 'Huyện Đảo Ngọc' });
    expect(draft.unrecognized.map((u) => source.slice(u.span.start, u.span.end))).toContain('Huyện Đảo Ngọc');
    expect(new Set(draft.unitTargets.filter((t) => t.group.type === 'units').map((t) => t.unitName)).size).toBe(14);
  });
});
