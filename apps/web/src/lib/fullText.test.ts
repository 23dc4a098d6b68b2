import { describe, expect, it } from 'vitest';
import { fullTextParagraphs } from './fullText';

describe('fullTextParagraphs', () => {
  it('reads blocks between blank lines, keeping their lines, without Markdown markers', () => {
    const text = '**ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG**\n\n\n\nSố: 1119 /UBND-KGVX\r\n\r\n- Chủ tịch UBND các huyện;\n- Chủ tịch UBND các xã.\n\nbáo cáo UBND tỉnh trước ngày 24/8/2020. / *VL*\n   \n';
    expect(fullTextParagraphs(text)).toEqual([
      'ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG',
      'Số: 1119 /UBND-KGVX',
      '- Chủ tịch UBND các huyện;\n- Chủ tịch UBND các xã.',
      'báo cáo UBND tỉnh trước ngày 24/8/2020. / VL',
    ]);
  });

  it('gives nothing for blank text and keeps a lone asterisk', () => {
    expect(fullTextParagraphs(' \n\n ')).toEqual([]);
    expect(fullTextParagraphs('Tỷ lệ * 2')).toEqual(['Tỷ lệ * 2']);
  });
});
