import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findDates } from './dates';
import { dispatchFixtures } from './fixtures';
import { parseDispatch } from './parse';
import type { DispatchDraft, Span } from './types';
import { plainText, sourceText } from './view';

/** Every span of a draft checked against the text it claims to come from; returns the mismatches. */
function spanMismatches(input: string, draft: DispatchDraft): string[] {
  const source = sourceText(input);
  const out: string[] = [];
  const read = (span: Span) => plainText(source, span);
  const same = (what: string, span: Span | null, value: string | null) => {
    if (span === null || value === null) {
      if (span !== value) out.push(`${what}: span ${JSON.stringify(span)} for value ${JSON.stringify(value)}`);
      return;
    }
    if (read(span) !== value) out.push(`${what}: ${JSON.stringify(read(span))} ≠ ${JSON.stringify(value)}`);
  };
  const dateAt = (what: string, span: Span | null, iso: string | null) => {
    if (span === null || iso === null) return same(what, span, iso);
    const found = findDates(read(span), Number(iso.slice(0, 4))).map((d) => d.iso);
    if (!found.includes(iso)) out.push(`${what}: ${JSON.stringify(read(span))} does not give ${iso}`);
  };
  const { spans } = draft;
  if (draft.reference !== null) {
    expect(spans.reference).not.toBeNull();
    if (read(spans.reference!).replace(/\s+/g, '') !== draft.reference) out.push(`reference: ${read(spans.reference!)}`);
  }
  same('place', spans.place, draft.place);
  dateAt('date', spans.date, draft.date);
  same('subject', spans.subject, draft.subject);
  if (draft.urgency !== null && read(spans.urgency!).toLowerCase() !== draft.urgency.toLowerCase().replace('hỏa', read(spans.urgency!).toLowerCase().startsWith('hoả') ? 'hoả' : 'hỏa')) {
    out.push(`urgency: ${read(spans.urgency!)}`);
  }
  expect(spans.recipients).toHaveLength(draft.recipients.length);
  draft.recipients.forEach((r, i) => same(`recipients[${i}]`, spans.recipients[i]!.text, r.text));
  expect(spans.tasks).toHaveLength(draft.tasks.length);
  draft.tasks.forEach((t, i) => {
    const s = spans.tasks[i]!;
    same(`tasks[${i}].text`, s.text, t.text);
    t.subItems.forEach((sub, k) => same(`tasks[${i}].subItems[${k}]`, s.subItems[k]!, sub));
    expect(s.assignees).toHaveLength(t.assignees.length);
    t.assignees.forEach((g, k) => {
      if (g.type === 'named' && !read(s.assignees[k]!).includes(g.name)) out.push(`tasks[${i}].assignees[${k}]: ${read(s.assignees[k]!)}`);
    });
  });
  expect(spans.targets).toHaveLength(draft.targets.length);
  draft.targets.forEach((t, i) => {
    const s = spans.targets[i]!;
    same(`targets[${i}].text`, s.text, t.text);
    const number = read(s.value).replace(/%|phần trăm/u, '').trim();
    if (Number(t.unit === 'percent' ? number.replace(',', '.') : number.replace(/[.,]/g, '')) !== t.value) out.push(`targets[${i}].value: ${number}`);
    dateAt(`targets[${i}].due`, s.due, t.due);
  });
  expect(spans.deadlines).toHaveLength(draft.deadlines.length);
  draft.deadlines.forEach((d, i) => {
    const s = spans.deadlines[i]!;
    same(`deadlines[${i}].text`, s.text, d.text);
    dateAt(`deadlines[${i}].due`, s.due, d.due);
  });
  same('coordinator', spans.coordinator, draft.coordinator);
  if (draft.signer) {
    same('signer.name', spans.signer!.name, draft.signer.name);
    const capacity = read(spans.signer!.capacity!).replace(/\s+/g, '');
    if (capacity !== draft.signer.capacity!.split(' / ').join('').replace(/\s+/g, '')) out.push(`signer.capacity: ${capacity}`);
  }
  draft.copiesTo.forEach((c, i) => same(`copiesTo[${i}]`, spans.copiesTo[i]!, c));
  draft.unrecognized.forEach((u, i) => same(`unrecognized[${i}]`, u.span, u.text));
  return out;
}

describe('spans', () => {
  for (const fixture of dispatchFixtures()) {
    it(`point at the source of every field of ${fixture.name}`, () => {
      const input = readFileSync(fixture.path, 'utf8');
      expect(spanMismatches(input, parseDispatch(input))).toEqual([]);
    });
  }

  it('slice the NFC text exactly for the seed dispatch', () => {
    const input = readFileSync(dispatchFixtures().find((f) => f.name.startsWith('cong-van-1119'))!.path, 'utf8');
    const source = sourceText(input);
    const { spans } = parseDispatch(input);
    const at = (span: Span | null) => source.slice(span!.start, span!.end);
    expect(at(spans.reference)).toBe('1119 /UBND-KGVX');
    expect(at(spans.issuer)).toBe('ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG');
    expect(at(spans.place)).toBe('Kiên Giang');
    expect(at(spans.date)).toBe('ngày 19 tháng 8 năm 2020');
    expect(at(spans.subject)).toBe('V/v đẩy mạnh triển khai ứng\ndụng, cài đặt ứng dụng Bluezone.');
    expect(at(spans.recipients[2]!.text)).toBe('Chủ tịch UBND các huyện, thành phố;');
    expect(at(spans.recipients[2]!.group)).toBe('Chủ tịch UBND các huyện, thành phố');
    expect(spans.tasks[2]!.assignees.map(at)).toEqual(['Đoàn Thanh niên', 'Liên đoàn Lao động', 'Hội Liên hiệp Phụ nữ', 'Hội Nông dân']);
    // A bullet with no actor of its own: the actors the lead-in sentence asks to act.
    expect(spans.tasks[0]!.assignees.map(at)).toEqual([
      'Giám đốc (Thủ trưởng) các Sở, ban, ngành cấp tỉnh',
      'Chủ tịch UBND các huyện, thành phố',
      'Chủ tịch UBND các xã, phường, thị trấn',
    ]);
    expect(at(spans.targets[0]!.value)).toBe('60%');
    expect(at(spans.targets[0]!.due)).toBe('đến ngày 20/8/2020');
    expect(at(spans.deadlines[0]!.due)).toBe('trước ngày 24/8/2020');
    expect(at(spans.coordinator)).toBe('Sở Thông tin và Truyền thông');
    expect(at(spans.signer!.capacity)).toBe('KT.CHỦ TỊCH\nPHÓ CHỦ TỊCH');
    expect(at(spans.signer!.name)).toBe('Lâm Minh Thành');
    expect(at(spans.copiesTo[5]!)).toBe('Lưu: VT, nvthanh, "HT"');
  });

  it('slice the source text, Markdown markers included, for a Markdown dispatch', () => {
    const input = readFileSync(dispatchFixtures().find((f) => f.name.endsWith('-nfd.md'))!.path, 'utf8');
    const source = sourceText(input);
    const draft = parseDispatch(input);
    const at = (span: Span | null) => source.slice(span!.start, span!.end);
    expect(at(draft.spans.reference)).toBe('845/UBND-VHTT');
    expect(at(draft.spans.tasks[1]!.assignees[0]!)).toBe('Phòng Văn hóa và Thông tin thành phố');
    expect(at(draft.spans.recipients[1]!.text)).toBe('Phòng Văn hóa và Thông tin thành phố**.');
    expect(draft.recipients[1]!.text).toBe('Phòng Văn hóa và Thông tin thành phố.');
  });
});
