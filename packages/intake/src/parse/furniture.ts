/**
 * What a web page puts around a document copied from it: breadcrumbs, "Cập nhật: …", "Nguồn: …",
 * view counts, rows of navigation words, and after the signature its lists of related documents.
 * None of it is the document's: it is blanked, as Markdown markers are, so that the header starts at
 * the document's first line and the tail ends at its last.
 */
import { NOI_NHAN_RE } from './shared';
import { isCapacityLine } from './signature';

/** A page's labelled facts: "Cập nhật: 10/12/2024 08:15", "Lượt xem: 1.204", "Nguồn: https://…". */
const LABEL_RE = /^\s*(?:Cập\s+nhật|Ngày\s+cập\s+nhật|Ngày\s+đăng|Đăng\s+ngày|Lượt\s+xem|Lượt\s+tải|Người\s+đăng|Chuyên\s+mục)\s*:/iu;
/** "Nguồn:" only with an address after it: a plan's "Nguồn: ngân sách tỉnh" is the document's. */
const SOURCE_RE = /^\s*Nguồn\s*:\s*(?:https?:\/\/|www\.)/iu;
const URL_LINE_RE = /^\s*(?:https?:\/\/|www\.)\S*\s*$/iu;
/** "Trang chủ » Văn bản » Chỉ thị", "Trang chủ > Văn bản". */
const BREADCRUMB_RE = /^\s*Trang\s+chủ\s*(?:[»>›/|]|$)/iu;
/** Navigation words alone on a line, or several of them separated by "|", "·" or "/": "In | Tải về | Chia sẻ". */
const NAV_WORD = String.raw`(?:In|Bản\s+in|In\s+văn\s+bản|Tải\s+về|Tải\s+văn\s+bản|Chia\s+sẻ|Lưu\s+văn\s+bản|Theo\s+dõi|Báo\s+lỗi|Facebook|Zalo|Twitter|Email|Thuộc\s+tính|Nội\s+dung|Văn\s+bản\s+gốc|Lược\s+đồ|Tiếng\s+Anh|Quay\s+lại|Về\s+đầu\s+trang)`;
// Tried on the trimmed line: spaces at both ends of a pattern, each side of an optional mark, backtrack quadratically.
const NAV_RE = new RegExp(String.raw`^${NAV_WORD}(?:\s*[|·•/]\s*${NAV_WORD})*(?:\s*[|·•/])?$`, 'iu');
/** Headings a page puts after the document; what follows them is the page's, not the document's. */
const TAIL_RE = /^(?:Văn\s+bản\s+liên\s+quan|Văn\s+bản\s+cùng\s+lĩnh\s+vực|Tin\s+liên\s+quan|Bài\s+viết\s+liên\s+quan|Bình\s+luận|Ý\s+kiến\s+bạn\s+đọc|Tin\s+cùng\s+chuyên\s+mục)(?:\s*:)?$/iu;

const COMMITTEE_RE = /^\s*[UỦ][YỶ]\s+BAN/u;

const isFurniture = (line: string): boolean =>
  LABEL_RE.test(line) || SOURCE_RE.test(line) || URL_LINE_RE.test(line) || BREADCRUMB_RE.test(line) || NAV_RE.test(line.trim());

/** The view with the lines of page furniture blanked (same length: every offset stays an offset into the source). */
export function blankFurniture(view: string): string {
  const out: string[] = [];
  let tailed = false;
  let signed = false;
  let from = 0;
  for (;;) {
    const nl = view.indexOf('\n', from);
    const end = nl === -1 ? view.length : nl;
    const line = view.slice(from, end);
    // "ỦY BAN NHÂN DÂN" reads as a capacity ("TM. ỦY BAN NHÂN DÂN") but opens the header too.
    if (!signed && (NOI_NHAN_RE.test(line) || (isCapacityLine(line) && !COMMITTEE_RE.test(line)))) signed = true;
    // A page's "Văn bản liên quan" counts only after the signature or "Nơi nhận": in the body it may be the document's own words.
    if (signed && TAIL_RE.test(line.trim())) tailed = true;
    out.push(tailed || isFurniture(line) ? ' '.repeat(line.length) : line);
    if (nl === -1) break;
    from = nl + 1;
  }
  return out.join('\n');
}
