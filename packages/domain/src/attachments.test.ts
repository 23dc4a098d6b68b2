import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX_BYTES_PER_REPORT, ATTACHMENTS_PER_REPORT, attachmentFilename, checkAttachmentLimits, isAttachmentType } from './attachments';
import { DomainError } from './errors';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('attachment limits', () => {
  it('takes a file up to the size of one, and as many as a report carries', () => {
    expect(codeOf(() => checkAttachmentLimits(ATTACHMENT_MAX_BYTES, []))).toBeNull();
    expect(codeOf(() => checkAttachmentLimits(1, Array.from({ length: ATTACHMENTS_PER_REPORT - 1 }, () => ({ size: 1 }))))).toBeNull();
  });

  it('refuses a file one byte too large, one file too many, and bytes past the report’s total', () => {
    expect(codeOf(() => checkAttachmentLimits(ATTACHMENT_MAX_BYTES + 1, []))).toBe('ATTACHMENT_TOO_LARGE');
    expect(codeOf(() => checkAttachmentLimits(1, Array.from({ length: ATTACHMENTS_PER_REPORT }, () => ({ size: 1 }))))).toBe('ATTACHMENT_LIMIT_REACHED');
    const full = Array.from({ length: ATTACHMENTS_MAX_BYTES_PER_REPORT / ATTACHMENT_MAX_BYTES }, () => ({ size: ATTACHMENT_MAX_BYTES }));
    expect(codeOf(() => checkAttachmentLimits(1, full))).toBe('ATTACHMENT_LIMIT_REACHED');
  });
});

describe('attachmentFilename', () => {
  it('keeps the uploader’s name with the extension its content has', () => {
    expect(attachmentFilename('Ảnh hiện trường.JPG', 'image/jpeg')).toBe('Ảnh hiện trường.jpg');
    expect(attachmentFilename('danh-sach.jpg', 'application/pdf')).toBe('danh-sach.pdf');
    expect(attachmentFilename('C:\\Users\\a\\Báo cáo.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('Báo cáo.xlsx');
    expect(attachmentFilename('../\u0000', 'image/png')).toBe('tep-dinh-kem.png');
  });

  it('knows the allowed types only', () => {
    expect(isAttachmentType('image/heic')).toBe(true);
    expect(isAttachmentType('text/html')).toBe(false);
    expect(isAttachmentType('toString')).toBe(false);
  });
});
