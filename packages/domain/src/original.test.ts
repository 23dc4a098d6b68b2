import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { checkOriginalFile, ORIGINAL_FILE_MAX_BYTES, originalFilename, originalFileType } from './original';

const pdf = new TextEncoder().encode('%PDF-1.7\n…');
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);

describe('the original file', () => {
  it('is typed by its first bytes, whatever its name says', () => {
    expect(originalFileType(pdf)).toBe('application/pdf');
    expect(originalFileType(png)).toBe('image/png');
    expect(originalFileType(jpeg)).toBe('image/jpeg');
    expect(originalFileType(new TextEncoder().encode('<html><script>alert(1)</script>'))).toBeNull();
    expect(originalFileType(new Uint8Array())).toBeNull();
    expect(checkOriginalFile(jpeg, 'cong-van.pdf')).toEqual({ contentType: 'image/jpeg', filename: 'cong-van.pdf.jpg' });
  });

  it('refuses what is no PDF or picture, and what is too large, with their codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof DomainError ? error.code : 'other';
      }
      return null;
    };
    expect(code(() => checkOriginalFile(new TextEncoder().encode('MZ…'), 'a.pdf'))).toBe('UNSUPPORTED_FILE');
    const large = new Uint8Array(ORIGINAL_FILE_MAX_BYTES + 1);
    large.set(pdf);
    expect(code(() => checkOriginalFile(large, 'a.pdf'))).toBe('DOCUMENT_TOO_LARGE');
    expect(code(() => checkOriginalFile(large.subarray(0, ORIGINAL_FILE_MAX_BYTES), 'a.pdf'))).toBeNull();
  });

  it('keeps a name without folders or control characters, bounded, with its extension', () => {
    expect(originalFilename('C:\\Văn bản\\1119-UBND-KGVX.pdf', 'application/pdf')).toBe('1119-UBND-KGVX.pdf');
    expect(originalFilename('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(originalFilename('scan\u0000"x".JPEG', 'image/jpeg')).toBe('scanx.JPEG');
    expect(originalFilename('', 'image/png')).toBe('ban-goc.png');
    const long = originalFilename(`${'a'.repeat(300)}.pdf`, 'application/pdf');
    expect(long).toHaveLength(120);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
