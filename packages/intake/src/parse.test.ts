import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecipientGroup } from '@chidao/domain';
import { DIRECTIVE_1119 } from '@chidao/domain';
import { IntakeError } from './errors';
import { dispatchFixtures, FIXTURES_DIR } from './fixtures';
import { parseDispatch } from './parse';
import type { DispatchDraft, IntakeGroup } from './types';

const seedText = readFileSync(`${FIXTURES_DIR}/cong-van-1119-UBND-KGVX.txt`, 'utf8');
const seed = parseDispatch(seedText);

const PROVINCIAL_AGENCIES: RecipientGroup = { type: 'level', level: 'province', kinds: ['department', 'mass_organisation'] };
const DISTRICT_CHAIRS: RecipientGroup = { type: 'level', level: 'district', kinds: ['people_committee'] };
const COMMUNE_CHAIRS: RecipientGroup = { type: 'level', level: 'commune', kinds: ['people_committee'] };
const named = (name: string): IntakeGroup => ({ type: 'named', name });

/** The draft without its spans, for comparing what was read rather than where. */
function values(draft: DispatchDraft) {
  const { spans: _spans, unrecognized, ...rest } = draft;
  return { ...rest, unrecognized: unrecognized.map((u) => u.text) };
}

describe('parseDispatch on công văn 1119/UBND-KGVX', () => {
  it('reads the header', () => {
    expect(seed).toMatchObject({
      reference: '1119/UBND-KGVX',
      issuer: 'UBND tỉnh Kiên Giang',
      place: 'Kiên Giang',
      date: '2020-08-19',
      subject: 'V/v đẩy mạnh triển khai ứng dụng, cài đặt ứng dụng Bluezone.',
      urgency: null,
    });
  });

  it('reads the four recipient lines as the groups the seed directive uses', () => {
    expect(seed.recipients.map((r) => r.text)).toEqual(DIRECTIVE_1119.recipients.map((r) => r.text));
    expect(seed.recipients.map((r) => r.group)).toEqual([PROVINCIAL_AGENCIES, { type: 'businesses' }, DISTRICT_CHAIRS, COMMUNE_CHAIRS]);
  });

  it('yields exactly its nine task bullets with the right assignee groups', () => {
    expect(seed.tasks.map((t) => t.text)).toEqual(DIRECTIVE_1119.tasks.map((t) => t.text));
    expect(seed.tasks.map((t) => t.assignees)).toEqual([
      [PROVINCIAL_AGENCIES, DISTRICT_CHAIRS, COMMUNE_CHAIRS],
      [{ type: 'businesses' }],
      [named('Đoàn Thanh niên'), named('Liên đoàn Lao động'), named('Hội Liên hiệp Phụ nữ'), named('Hội Nông dân')],
      [named('Sở Giáo dục và Đào tạo')],
      [named('Sở Giao thông vận tải')],
      [named('Sở Du lịch')],
      [named('Ban Quản lý các khu công nghiệp')],
      [named('Sở Thông tin và Truyền thông')],
      [DISTRICT_CHAIRS],
    ]);
    expect(seed.tasks.every((t) => t.subItems.length === 0)).toBe(true);
  });

  it('reads the 60% target by 20/8/2020 and the report due 24/8/2020', () => {
    expect(seed.targets).toEqual([
      { text: DIRECTIVE_1119.targets[0]!.text, value: 60, unit: 'percent', due: '2020-08-20' },
    ]);
    expect(seed.deadlines).toEqual([
      { text: DIRECTIVE_1119.deadlines[0]!.text, due: '2020-08-24', owers: [named('Sở Thông tin và Truyền thông')] },
    ]);
  });

  it('names Sở Thông tin và Truyền thông as coordinator, the signer and the Nơi nhận list', () => {
    expect(seed.coordinator).toBe('Sở Thông tin và Truyền thông');
    expect(seed.signer).toEqual({ capacity: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Lâm Minh Thành' });
    expect(seed.copiesTo).toEqual(DIRECTIVE_1119.copiesTo);
  });

  it('lists the sentences it proposed nothing from, and only those', () => {
    expect(seed.unrecognized.map((u) => u.text.slice(0, 30))).toEqual([
      'Thực hiện ý kiến chỉ đạo của T',
      'Tuy nhiên, đến ngày 16/8/2020,',
      'Nhận được Công văn này, yêu cầ',
    ]);
  });
});

describe('robustness', () => {
  it('gives the same draft, spans included, for NFC and NFD input', () => {
    for (const fixture of dispatchFixtures()) {
      const text = readFileSync(fixture.path, 'utf8');
      expect(parseDispatch(text.normalize('NFD')), fixture.name).toEqual(parseDispatch(text.normalize('NFC')));
    }
  });

  it('reads the same values with stray blank lines and with Markdown markers', () => {
    const spaced = seedText.replace(/\n/g, '\n\n\n');
    expect(values(parseDispatch(spaced))).toEqual(values(seed));
    const marked = seedText
      .replace('Số: 1119 /UBND-KGVX', '**Số: 1119 /UBND-KGVX**')
      .replace('Kính gửi:', '**Kính gửi:**')
      .replace('- Sở Du lịch hướng dẫn', '- **Sở Du lịch** hướng dẫn');
    expect(values(parseDispatch(marked))).toEqual(values(seed));
  });

  it('reads both date forms and a time of day', () => {
    const make = (dateLine: string, deadline: string) =>
      parseDispatch(`UBND TỈNH KIÊN GIANG\nSố: 12/UBND-VP\n${dateLine}\nV/v thử\n\nKính gửi: Sở Y tế.\n\n- Sở Y tế báo cáo ${deadline}.\n`);
    expect(make('Kiên Giang, ngày 19 tháng 8 năm 2020', 'trước ngày 21/8/2020')).toMatchObject({
      date: '2020-08-19',
      deadlines: [{ due: '2020-08-21' }],
    });
    expect(make('Kiên Giang, ngày 19/8/2020', 'trước 16 giờ ngày 21/8/2020')).toMatchObject({
      date: '2020-08-19',
      deadlines: [{ due: '2020-08-21T16:00:00+07:00' }],
    });
    expect(make('Kiên Giang, ngày 19/08/2020', 'chậm nhất 14h30 ngày 21/08/2020')).toMatchObject({
      date: '2020-08-19',
      deadlines: [{ due: '2020-08-21T14:30:00+07:00' }],
    });
    // A date without its year takes the dispatch's.
    expect(make('Kiên Giang, ngày 19 tháng 8 năm 2020', 'trước ngày 25/8')).toMatchObject({ deadlines: [{ due: '2020-08-25' }] });
  });

  it('reads every urgency mark', () => {
    for (const [mark, urgency] of [
      ['KHẨN', 'Khẩn'],
      ['THƯỢNG KHẨN', 'Thượng khẩn'],
      ['HỎA TỐC', 'Hỏa tốc'],
      ['HOẢ TỐC', 'Hỏa tốc'],
      ['**Hỏa tốc**', 'Hỏa tốc'],
    ] as const) {
      const draft = parseDispatch(`UBND TỈNH KIÊN GIANG\nSố: 12/UBND-VP\n${mark}\nV/v thử\nKính gửi: Sở Y tế\n`);
      expect(draft.urgency, mark).toBe(urgency);
    }
  });

  it('reads a one-line Kính gửi naming a department, and a text without signature', () => {
    const draft = parseDispatch('UBND TỈNH KIÊN GIANG\nSố: 12/UBND-VP\nKính gửi: Sở Thông tin và Truyền thông.\n\nĐề nghị Sở rà soát.\n');
    expect(draft.recipients).toEqual([{ text: 'Sở Thông tin và Truyền thông.', group: named('Sở Thông tin và Truyền thông') }]);
    expect(draft.signer).toBeNull();
    expect(draft.copiesTo).toEqual([]);
    expect(draft.unrecognized.map((u) => u.text)).toEqual(['Đề nghị Sở rà soát.']);
  });

  it('keeps a recipient line it cannot place, and lists it', () => {
    const draft = parseDispatch('Số: 12/UBND-VP\nKính gửi:\n- Các cơ quan báo chí;\n- Sở Y tế.\n');
    expect(draft.recipients).toEqual([
      { text: 'Các cơ quan báo chí;', group: null },
      { text: 'Sở Y tế.', group: named('Sở Y tế') },
    ]);
    expect(draft.unrecognized.map((u) => u.text)).toEqual(['Các cơ quan báo chí;']);
  });

  it('reads instructions given in sentences when the dispatch has no bullets', () => {
    const draft = parseDispatch(
      'ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố: 77/UBND-KT\nKiên Giang, ngày 3 tháng 3 năm 2021\nKính gửi: Sở Kế hoạch và Đầu tư.\n\n' +
        'Thực hiện Công văn số 12/BKHĐT ngày 01/3/2021 của Bộ Kế hoạch và Đầu tư. Ủy ban nhân dân tỉnh giao Sở Kế hoạch và Đầu tư chủ trì, ' +
        'tổng hợp, báo cáo Bộ Kế hoạch và Đầu tư trước ngày 10/3/2021./.\n\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nNguyễn Văn Tư\n',
    );
    // The committee that speaks ("Ủy ban nhân dân tỉnh giao …") is not the assignee.
    expect(draft.tasks.map((t) => t.assignees)).toEqual([[named('Sở Kế hoạch và Đầu tư')]]);
    expect(draft.deadlines).toMatchObject([{ due: '2021-03-10', owers: [named('Sở Kế hoạch và Đầu tư')] }]);
    expect(draft.coordinator).toBe('Sở Kế hoạch và Đầu tư');
    expect(draft.signer).toEqual({ capacity: 'TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG', name: 'Nguyễn Văn Tư' });
    expect(draft.unrecognized.map((u) => u.text)).toEqual(['Thực hiện Công văn số 12/BKHĐT ngày 01/3/2021 của Bộ Kế hoạch và Đầu tư.']);
  });

  it('reads a header laid out in two columns on the same lines', () => {
    const draft = parseDispatch(
      'ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH KIÊN GIANG\tĐộc lập - Tự do - Hạnh phúc\n' +
        'Số: 1119 /UBND-KGVX\tKiên Giang, ngày 19 tháng 8 năm 2020\nV/v thử\nKính gửi: Sở Y tế\n',
    );
    expect(draft).toMatchObject({ reference: '1119/UBND-KGVX', issuer: 'UBND tỉnh Kiên Giang', place: 'Kiên Giang', date: '2020-08-19' });
  });

  it('refuses a text that is not a dispatch', () => {
    const text = readFileSync(`${FIXTURES_DIR}/not-a-dispatch.txt`, 'utf8');
    expect(() => parseDispatch(text)).toThrow(IntakeError);
    expect(() => parseDispatch('')).toThrow(/neither a "Số: …\/…" reference nor a "Kính gửi" line/);
  });
});

describe('fixtures', () => {
  it('has the seed and at least six further dispatches', () => {
    expect(dispatchFixtures().length).toBeGreaterThanOrEqual(7);
  });

  for (const fixture of dispatchFixtures()) {
    it(`${fixture.name} gives its expected draft`, () => {
      const expected = JSON.parse(readFileSync(fixture.expectedPath, 'utf8')) as DispatchDraft;
      expect(parseDispatch(readFileSync(fixture.path, 'utf8'))).toEqual(expected);
    });
  }

  it('the NFD fixture is in NFD, the others in NFC', () => {
    for (const fixture of dispatchFixtures()) {
      const text = readFileSync(fixture.path, 'utf8');
      const nfd = fixture.name.includes('-nfd');
      expect(text === text.normalize(nfd ? 'NFD' : 'NFC') && text !== text.normalize(nfd ? 'NFC' : 'NFD'), fixture.name).toBe(true);
    }
  });

  it('cover a ministry, a district, a two-level province, Hỏa tốc with sub-items, several deadlines and targets', () => {
    const load = (prefix: string) => {
      const fixture = dispatchFixtures().find((f) => f.name.startsWith(prefix))!;
      return parseDispatch(readFileSync(fixture.path, 'utf8'));
    };
    const ministry = load('bo-tttt');
    expect(ministry.issuer).toBe('Bộ Thông tin và Truyền thông');
    expect(ministry.recipients.map((r) => r.group)).toEqual([
      { type: 'level', level: 'province', kinds: ['people_committee'] },
      { type: 'named', name: 'Sở Thông tin và Truyền thông', each: 'province' },
    ]);
    const district = load('huyen-chau-thanh');
    expect(district.issuer).toBe('UBND huyện Châu Thành');
    expect(district.recipients.map((r) => r.group)).toEqual([
      { type: 'level', level: 'district', kinds: ['department', 'mass_organisation'] },
      COMMUNE_CHAIRS,
    ]);
    expect(district.tasks[0]!.subItems).toHaveLength(2);
    const twoLevel = load('an-giang');
    expect(twoLevel.recipients.map((r) => r.group)).toEqual([PROVINCIAL_AGENCIES, named('Sở Khoa học và Công nghệ'), COMMUNE_CHAIRS]);
    const urgent = load('kien-giang-1205');
    expect(urgent.urgency).toBe('Hỏa tốc');
    expect(urgent.tasks.map((t) => t.subItems.length)).toEqual([2, 2, 0, 0]);
    expect(urgent.deadlines.map((d) => d.due)).toEqual(['2020-09-04T16:00:00+07:00', '2020-09-07T08:30:00+07:00']);
    const targets = load('kien-giang-1310');
    expect(targets.targets.map((t) => [t.value, t.unit, t.due])).toEqual([
      [30, 'percent', '2020-10-31'],
      [5000, 'count', '2020-12-31'],
    ]);
    expect(targets.deadlines.map((d) => d.due)).toEqual(['2020-09-25', '2020-09-30T17:00:00+07:00', '2020-11-06T16:00:00+07:00']);
    // "trước ngày 05 hằng tháng" is a recurring deadline: periodic reports by the calendar (Nghị định 09/2019), read, not left unread.
    expect(targets.progressReports).toEqual({ type: 'monthly', cutOffDay: 14, dueDay: 5 });
    expect(targets.unrecognized.map((u) => u.text)).not.toContain('trước ngày 05 hằng tháng');
    const markdown = load('rach-gia');
    expect(markdown.signer).toBeNull();
    expect(markdown.date).toBe('2020-08-21');
  });
});
