import { describe, expect, it } from 'vitest';
import { slugify } from './text';

describe('slugify', () => {
  it('turns Vietnamese names into ASCII slugs', () => {
    expect(slugify('Vĩnh Thanh Vân')).toBe('vinh-thanh-van');
    expect(slugify('Giồng Riềng')).toBe('giong-rieng');
    expect(slugify('U Minh Thượng')).toBe('u-minh-thuong');
    expect(slugify('Hòn Đất')).toBe('hon-dat');
    expect(slugify('Thổ Châu')).toBe('tho-chau');
    expect(slugify('Lình Huỳnh')).toBe('linh-huynh');
  });

  it('maps đ and Đ to d', () => {
    expect(slugify('đ')).toBe('d');
    expect(slugify('Đông Hồ')).toBe('dong-ho');
    expect(slugify('ĐỊNH AN')).toBe('dinh-an');
    expect(slugify('Sở Giáo dục và Đào tạo')).toBe('so-giao-duc-va-dao-tao');
  });

  it('gives the same slug for NFC and NFD input', () => {
    for (const name of ['Vĩnh Thanh Vân', 'Đông Hưng A', 'Phường Tô Châu', 'Thạnh Đông B', 'Ủy ban nhân dân', 'ỨỪỬỮỰ ơờởỡợ']) {
      const nfc = name.normalize('NFC');
      const nfd = name.normalize('NFD');
      expect(nfc).not.toBe(nfd);
      expect(slugify(nfd)).toBe(slugify(nfc));
      expect(slugify(nfc)).toMatch(/^[a-z0-9-]*$/);
    }
    expect(slugify('ỨỪỬỮỰ ơờởỡợ'.normalize('NFD'))).toBe('uuuuu-ooooo');
  });

  it('collapses punctuation and whitespace, trims dashes', () => {
    expect(slugify('1119/UBND-KGVX')).toBe('1119-ubnd-kgvx');
    expect(slugify('  Sở Lao động - Thương binh và Xã hội  ')).toBe('so-lao-dong-thuong-binh-va-xa-hoi');
    expect(slugify('--- ')).toBe('');
  });
});
