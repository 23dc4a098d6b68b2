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
      { text: DIRECTIVE_1119.deadlines[0]!.text, due: '2020-08-24', before: true, owers: [named('Sở Thông tin và Truyền thông')] },
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
    expect(() => parseDispatch('')).toThrow(/no "Số: …\/…" reference, no "Kính gửi" line, no document name such as "CHỈ THỊ", and no task given to a unit/);
    // Numbered steps that give nobody a task are no document either.
    expect(() => parseDispatch('Cách nấu canh chua\n\n1. Đun sôi nước.\n2. Cho me vào.\n')).toThrow(IntakeError);
  });
});

describe('every kind of document that assigns tasks', () => {
  const load = (prefix: string) => {
    const fixture = dispatchFixtures().find((f) => f.name.startsWith(prefix))!;
    return parseDispatch(readFileSync(fixture.path, 'utf8'));
  };
  const districts = { type: 'level', level: 'district', kinds: ['people_committee'] } as const;

  it('a công văn names no kind of its own and stays one', () => {
    expect(seed.kind).toBe('cong_van');
    expect(seed.spans.kind).toBeNull();
  });

  it('reads a chỉ thị: its name, the trích yếu under it, one task per numbered unit with its sub-items', () => {
    const draft = load('kien-giang-18-CT-UBND-chi-thi.txt');
    expect(draft).toMatchObject({
      kind: 'chi_thi',
      reference: '18/CT-UBND',
      issuer: 'UBND tỉnh Kiên Giang',
      date: '2024-12-09',
      subject: 'Về việc tăng cường công tác phòng, chống dịch bệnh sốt xuất huyết trên địa bàn tỉnh',
      coordinator: 'Sở Y tế',
    });
    // With no "Kính gửi", the units given tasks are its recipients, each as its first task names it.
    expect(draft.recipients).toEqual([
      { text: 'Sở Y tế', group: named('Sở Y tế') },
      { text: 'Sở Giáo dục và Đào tạo', group: named('Sở Giáo dục và Đào tạo') },
      { text: 'Sở Thông tin và Truyền thông', group: named('Sở Thông tin và Truyền thông') },
      { text: 'Chủ tịch UBND các huyện, thành phố', group: districts },
    ]);
    expect(draft.tasks.map((t) => [t.assignees, t.subItems.length])).toEqual([
      [[named('Sở Y tế')], 2],
      [[named('Sở Giáo dục và Đào tạo')], 0],
      [[named('Sở Thông tin và Truyền thông')], 0],
      [[districts], 2],
      [[named('Sở Y tế')], 0],
    ]);
    expect(draft.deadlines.map((d) => d.due)).toEqual(['2024-12-31', '2025-01-15']);
  });

  it('reads a kế hoạch: tasks from "Tổ chức thực hiện" by the unit each names; its purpose is no task', () => {
    const draft = load('huyen-chau-thanh-86-KH-UBND-ke-hoach');
    expect(draft).toMatchObject({ kind: 'ke_hoach', reference: '86/KH-UBND', issuer: 'UBND huyện Châu Thành', date: '2024-03-12' });
    expect(draft.subject).toBe('Triển khai chuyển đổi số trên địa bàn huyện Châu Thành năm 2024');
    expect(draft.tasks.map((t) => t.assignees)).toEqual([
      [named('Phòng Văn hóa và Thông tin')],
      [named('Phòng Tài chính - Kế hoạch')],
      [{ type: 'level', level: 'commune', kinds: ['people_committee'] }],
    ]);
    expect(draft.tasks.map((t) => t.subItems.length)).toEqual([2, 1, 2]);
    // The target of "Nhiệm vụ, giải pháp" is read though its item names no unit; the purpose is listed as read from nothing.
    expect(draft.targets).toMatchObject([{ value: 80, unit: 'percent', due: '2024-12-31' }]);
    expect(draft.progressReports).toEqual({ type: 'quarterly', cutOffDay: 14, dueDay: 20 });
    expect(draft.unrecognized.map((u) => u.text)).toContain('Nâng cao nhận thức của cán bộ, công chức và người dân về chuyển đổi số.');
  });

  it('reads a thông báo kết luận: the conclusions that name a unit are its tasks', () => {
    const draft = load('kien-giang-245-TB-VP');
    expect(draft).toMatchObject({ kind: 'thong_bao', reference: '245/TB-VP', issuer: 'Văn phòng UBND tỉnh Kiên Giang', date: '2024-10-21' });
    expect(draft.subject).toMatch(/^Kết luận của Phó Chủ tịch UBND tỉnh Trần Văn Bình tại cuộc họp về tiến độ giải ngân/);
    expect(draft.tasks.map((t) => t.assignees)).toEqual([[named('Sở Kế hoạch và Đầu tư')], [districts], [named('Sở Xây dựng')]]);
    expect(draft.tasks.map((t) => t.due)).toEqual([
      { type: 'date', date: '2024-10-31' },
      { type: 'date', date: '2025-01-31' },
      { type: 'date', date: '2024-11-08', time: '16:00' },
    ]);
    expect(draft.unrecognized.map((u) => u.text.slice(0, 30))).toContain('Đánh giá cao sự nỗ lực của các');
  });

  it('reads a quyết định: its articles, the unit after "giao … cho", its phụ lục apart from signature and copies', () => {
    const draft = load('kien-giang-2150-QD-UBND');
    expect(draft).toMatchObject({ kind: 'quyet_dinh', reference: '2150/QĐ-UBND', issuer: 'UBND tỉnh Kiên Giang', date: '2024-01-05' });
    expect(draft.tasks.map((t) => t.assignees)).toEqual([[districts], [districts], [named('Sở Thông tin và Truyền thông')]]);
    expect(draft.signer).toEqual({ capacity: 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', name: 'Trần Văn Bình' });
    expect(draft.copiesTo).toEqual(['Như Điều 3', 'Bộ Thông tin và Truyền thông', 'CT, các PCT UBND tỉnh', 'Lưu: VT, P.KGVX']);
    expect(draft.unrecognized.map((u) => u.text).filter((t) => t.includes('|'))).toEqual([]);
  });

  it('reads the phụ lục table into one target per unit and indicator, due when the text says the targets are', () => {
    const draft = load('kien-giang-2150-QD-UBND');
    expect(draft.unitTargets).toHaveLength(30);
    expect(draft.unitTargets.slice(0, 2)).toEqual([
      { unitName: 'Thành phố Rạch Giá', group: named('Thành phố Rạch Giá'), indicator: 'Tỷ lệ hồ sơ xử lý trực tuyến', value: 95, unit: 'percent', due: '2024-12-31' },
      { unitName: 'Thành phố Rạch Giá', group: named('Thành phố Rạch Giá'), indicator: 'Số tài khoản định danh điện tử mức 2', value: 12000, unit: 'count', due: '2024-12-31' },
    ]);
    // The whole province's row is a total, not a unit.
    expect(draft.unitTargets.map((t) => t.unitName)).not.toContain('Toàn tỉnh');
  });

  it('reads a công điện hỏa tốc: "… điện:" lists its recipients, "các Sở: A, B" each department', () => {
    const draft = load('kien-giang-08-CD-UBND');
    expect(draft).toMatchObject({ kind: 'cong_dien', reference: '08/CĐ-UBND', urgency: 'Hỏa tốc', date: '2024-09-26' });
    expect(draft.recipients.map((r) => r.group)).toEqual([
      named('Sở Nông nghiệp và Phát triển nông thôn'),
      named('Sở Y tế'),
      named('Sở Giao thông vận tải'),
      named('Bộ Chỉ huy Quân sự tỉnh'),
      districts,
    ]);
    expect(draft.deadlines.map((d) => d.due)).toEqual(['2024-09-26T17:00:00+07:00', '2024-09-27T08:00:00+07:00']);
  });

  it('keeps a công văn\'s bullets as tasks to be given a unit, even when no recipient could be placed', () => {
    const draft = parseDispatch('Số: 12/UBND-VP\nKính gửi: Các cơ quan báo chí.\n\n- Tuyên truyền rộng rãi.\n- Đưa tin kịp thời.\n');
    expect(draft.tasks.map((t) => [t.text, t.assignees])).toEqual([
      ['Tuyên truyền rộng rãi.', []],
      ['Đưa tin kịp thời.', []],
    ]);
  });

  it('takes the kind from the reference when the name is not there, and reads a text cut off above its tasks', () => {
    const draft = parseDispatch('Số: 7/CT-UBND\n\n1. Sở Y tế tổ chức tiêm chủng.\n');
    expect(draft.kind).toBe('chi_thi');
    // No header at all, but a numbered task given to a unit: read, not refused.
    const cut = parseDispatch('1. Sở Y tế tổ chức tiêm chủng, báo cáo trước ngày 20/8/2020.\n2. UBND các huyện, thành phố phối hợp.\n');
    expect(cut.tasks.map((t) => t.assignees)).toEqual([[named('Sở Y tế')], [districts]]);
  });
});

describe('text as people copy it', () => {
  const clean = readFileSync(`${FIXTURES_DIR}/kien-giang-18-CT-UBND-chi-thi.txt`, 'utf8');
  const cleanValues = values(parseDispatch(clean));

  it('reads the chỉ thị copied from a web page (table header, broken date, rule lines, page furniture) as the clean one', () => {
    const web = readFileSync(`${FIXTURES_DIR}/kien-giang-18-CT-UBND-chi-thi-web.txt`, 'utf8');
    expect(values(parseDispatch(web))).toEqual(cleanValues);
  });

  it('reads the header in every layout a copy gives it', () => {
    const header = (layout: string) => clean.replace(clean.slice(0, clean.indexOf('CHỈ THỊ')), layout);
    const layouts = {
      'side by side, tab between': 'ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH KIÊN GIANG\tĐộc lập - Tự do - Hạnh phúc\nSố: 18/CT-UBND\tKiên Giang, ngày 09 tháng 12 năm 2024\n\n',
      'alternating lines': 'ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH KIÊN GIANG\nĐộc lập - Tự do - Hạnh phúc\n-------\nSố: 18/CT-UBND\nKiên Giang, ngày 09 tháng 12 năm 2024\n\n',
      'table rows': '| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n| TỈNH KIÊN GIANG | Độc lập - Tự do - Hạnh phúc |\n| Số: 18/CT-UBND | Kiên Giang, ngày 09 tháng 12 năm 2024 |\n\n',
      '"ngày" at the end of a line': 'ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 18/CT-UBND\nKiên Giang, ngày\n09 tháng 12 năm 2024\n\n',
      'the issuer\'s name broken across lines': 'ỦY BAN NHÂN\nDÂN TỈNH KIÊN GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 18/CT-UBND\nKiên Giang, ngày 09 tháng 12 năm 2024\n\n',
      'the date broken after its month': 'ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố: 18/CT-UBND\nKiên Giang, ngày 09 tháng\n12 năm 2024\n\n',
      'the place alone, the date below it': 'ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố: 18/CT-UBND\nKiên Giang,\nngày 09 tháng 12 năm 2024\n\n',
      '"Số:" alone, its number below it': 'ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nSố:\n18/CT-UBND\nKiên Giang, ngày 09 tháng 12 năm 2024\n\n',
      'the motto first, columns apart by spaces': 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nỦY BAN NHÂN DÂN          \nTỈNH KIÊN GIANG\nSố: 18/CT-UBND          Kiên Giang, ngày 09 tháng 12 năm 2024\n\n',
      'furniture above': 'Trang chủ > Văn bản\nCập nhật: 10/12/2024\nIn | Tải về | Chia sẻ\nhttps://example.gov.vn/vb/18\nỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 18/CT-UBND\nKiên Giang, ngày 09 tháng 12 năm 2024\n\n',
    };
    for (const [name, layout] of Object.entries(layouts)) {
      expect(values(parseDispatch(header(layout))), name).toEqual(cleanValues);
    }
  });

  it('keeps a page\'s "Văn bản liên quan" out of the signature, and the document\'s own words in its body', () => {
    const draft = parseDispatch(`${clean}\nVăn bản liên quan\nChỉ thị 12/CT-UBND\nBình luận\n`);
    expect(values(draft)).toEqual(cleanValues);
    // Before the signature the same words are the document's: not blanked.
    const inBody = clean.replace('Yêu cầu Thủ trưởng', 'Văn bản liên quan\nYêu cầu Thủ trưởng');
    expect(parseDispatch(inBody).unrecognized.some((u) => u.text.startsWith('Văn bản liên quan Yêu cầu Thủ trưởng'))).toBe(true);
  });
});

describe('fixtures', () => {
  it('has the seed and at least twelve further documents', () => {
    expect(dispatchFixtures().length).toBeGreaterThanOrEqual(13);
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
