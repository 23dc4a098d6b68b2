import { describe, expect, it } from 'vitest';
import { parseDispatch } from '../parse';
import { lineAt, linesToText, type PageLine } from './layout';
import { linesOfTsv } from './ocr';

/** A line of a page 100 wide, 10 high per line, one unit a character: enough to say where it ends. */
const at = (text: string, row: number, options: { page?: number; x?: number; gap?: number } = {}): PageLine => ({
  text,
  page: options.page ?? 1,
  box: { x: (options.x ?? 10) / 100, y: (row * 12 + (options.gap ?? 0)) / 1000, width: text.length / 100, height: 10 / 1000 },
  confidence: null,
});
const pages = [{ number: 1, origin: 'text' as const, confidence: null }];

describe('linesToText: the lines of a page become the text a pasted dispatch would be', () => {
  it('joins a wrapped paragraph into one line, and keeps short lines and new items apart', () => {
    const lines = [
      at('ỦY BAN NHÂN DÂN', 0),
      at('TỈNH KIÊN GIANG', 1),
      at('- Sở Thông tin và Truyền thông theo dõi, kiểm tra và tổng hợp kết quả báo cáo Ủy ban', 2),
      at('nhân dân tỉnh trước ngày 24/8/2020.', 3),
      at('- Sở Giáo dục và Đào tạo chỉ đạo các trường học triển khai cài đặt ứng dụng cho giáo', 4),
      at('viên.', 5),
    ];
    const { text } = linesToText(lines, pages, 'pdf');
    expect(text.split('\n')).toEqual([
      'ỦY BAN NHÂN DÂN',
      'TỈNH KIÊN GIANG',
      '- Sở Thông tin và Truyền thông theo dõi, kiểm tra và tổng hợp kết quả báo cáo Ủy ban nhân dân tỉnh trước ngày 24/8/2020.',
      '- Sở Giáo dục và Đào tạo chỉ đạo các trường học triển khai cài đặt ứng dụng cho giáo viên.',
    ]);
  });

  it('leaves a blank line at a gap between paragraphs and at a new page, but carries a cut sentence over', () => {
    const lines = [
      at('Kính gửi: Chủ tịch UBND các huyện, thành phố.', 0),
      at('Thực hiện Công văn số 2841/BTTTT-THH của Bộ Thông tin và Truyền thông về việc cài', 1, { gap: 8 }),
      at('đặt ứng dụng, Ủy ban nhân dân tỉnh yêu cầu các đơn vị thực hiện tốt các nội dung sau', 2, { gap: 8 }),
      at('đây.', 0, { page: 2 }),
      at('Nơi nhận:', 1, { page: 2, gap: 8 }),
    ];
    const { text } = linesToText(lines, [...pages, { number: 2, origin: 'text', confidence: null }], 'pdf');
    expect(text).toBe(
      'Kính gửi: Chủ tịch UBND các huyện, thành phố.\n\n' +
        'Thực hiện Công văn số 2841/BTTTT-THH của Bộ Thông tin và Truyền thông về việc cài đặt ứng dụng, Ủy ban nhân dân tỉnh yêu cầu các đơn vị thực hiện tốt các nội dung sau đây.\n\n' +
        'Nơi nhận:',
    );
  });

  it("keeps each line's span in the NFC text, so a field of the draft finds its page and place", () => {
    // "Số" written decomposed (o, combining circumflex, combining acute), as some PDFs give it.
    const lines = [at('So\u0302\u0301: 1119/UBND-KGVX', 0), at('Kính gửi: Chủ tịch UBND các huyện.', 0, { page: 2 })];
    const { text, layout } = linesToText(lines, [...pages, { number: 2, origin: 'ocr', confidence: 91 }], 'pdf');
    expect(text).toBe(text.normalize('NFC'));
    expect(layout.lines.map((l) => text.slice(l.span.start, l.span.end))).toEqual(['Số: 1119/UBND-KGVX', 'Kính gửi: Chủ tịch UBND các huyện.']);
    const reference = parseDispatch(`${text}\n`).spans.reference!;
    expect(lineAt(layout, reference)?.page).toBe(1);
    expect(lineAt(layout, { start: text.indexOf('Chủ tịch'), end: text.length })?.page).toBe(2);
    expect(lineAt(layout, { start: text.indexOf('\n'), end: text.indexOf('\n') + 1 })).toBeNull();
  });
});

describe("linesOfTsv: tesseract's TSV into lines with their boxes and confidence", () => {
  it('joins words into their lines, as fractions of the page, with the mean confidence of the words', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t',
      '4\t1\t1\t1\t1\t0\t100\t200\t500\t40\t-1\t',
      '5\t1\t1\t1\t1\t1\t100\t200\t100\t40\t96\tSố:',
      '5\t1\t1\t1\t1\t2\t220\t200\t380\t40\t80\t1119/UBND-KGVX',
      '4\t1\t1\t1\t2\t0\t100\t260\t300\t40\t-1\t',
      '5\t1\t1\t1\t2\t1\t100\t260\t300\t40\t-1\t ',
    ].join('\n');
    const twoColumns = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '1\t1\t0\t0\t0\t0\t0\t0\t1000\t2000\t-1\t',
      '4\t1\t1\t1\t1\t0\t100\t200\t800\t20\t-1\t',
      '5\t1\t1\t1\t1\t1\t100\t200\t100\t20\t90\tỦY BAN',
      '5\t1\t1\t1\t1\t2\t600\t200\t300\t20\t90\tCỘNG HÒA',
      '4\t1\t1\t1\t2\t0\t100\t230\t800\t20\t-1\t',
      '5\t1\t1\t1\t2\t1\t100\t230\t100\t20\t90\tTỈNH KG',
      '5\t1\t1\t1\t2\t2\t600\t230\t300\t20\t90\tĐộc lập',
    ].join('\n');
    // Tesseract read the two columns of a header as lines across the page: cut at the wide gap, read column by column.
    expect(linesOfTsv(twoColumns, 1).lines.map((l) => l.text)).toEqual(['ỦY BAN', 'TỈNH KG', 'CỘNG HÒA', 'Độc lập']);
    expect(linesOfTsv(tsv, 3)).toEqual({
      lines: [{ text: 'Số: 1119/UBND-KGVX', page: 3, box: { x: 0.1, y: 0.1, width: 0.5, height: 0.02 }, confidence: 88 }],
      confidence: 88,
    });
  });
});
