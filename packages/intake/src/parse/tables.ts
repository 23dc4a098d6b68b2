/**
 * Tables of targets per unit: the phụ lục of a quyết định giao chỉ tiêu, or a table in the body
 * ("Chỉ tiêu giao cho các huyện"), as text copied from a page or a converter writes them: cells
 * between "|" (Markdown, or a web table pasted as text) or separated by tabs. One row per unit, one
 * column per indicator; each figure becomes a target of the unit of its row.
 */
import type { DraftUnitTarget, IntakeGroup, Span } from '../types';
import { flat, trimSpan, type Line } from '../view';
import type { Doc } from './shared';

interface Cell {
  readonly span: Span;
  readonly text: string;
}

interface Row {
  readonly line: number;
  readonly cells: Cell[];
}

export interface UnitTargetRead {
  readonly target: Omit<DraftUnitTarget, 'due'>;
  readonly spans: { readonly unitName: Span; readonly value: Span };
}

/** "Thành phố Rạch Giá", "UBND huyện Châu Thành", "TX. Hà Tiên", "Xã Bình An": a unit of a level by its name. */
const UNIT_NAME_RE = /^(?:(?:UBND|[UỦ][yỷ]\s+ban\s+nhân\s+dân)\s+)?(?:Thành\s+phố|TP\.?|Huyện|Quận|Thị\s+xã|TX\.?|Xã|Phường|Thị\s+trấn|TT\.?|Đặc\s+khu|Sở|Ban|Phòng)\s*\p{Lu}/iu;
const UNIT_HEADING_RE = /đơn\s+vị|địa\s+phương|huyện|xã|phường|tên/iu;
const ORDINAL_HEADING_RE = /^(?:STT|TT|Số\s+TT|Số\s+thứ\s+tự)$/iu;
/** The row of the whole area: its figures are the sum or the average, no unit's own. */
const TOTAL_RE = /^(?:Tổng(?:\s+cộng|\s+số)?|Cộng|Toàn\s+(?:tỉnh|huyện|thành\s+phố|thị\s+xã))$/iu;
/** A figure: "95", "95%", "12.000" (thousands), "12,5" (a decimal). */
const FIGURE_RE = /^(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(%)?$/u;
const SEPARATOR_ROW_RE = /^[\s|:\-–—+=]*$/u;
const PERCENT_HEADING_RE = /%|tỷ\s+lệ|tỉ\s+lệ|phần\s+trăm/iu;

/** The cells of a line of a table, or null when the line is not one: two "|" or a tab between cells at least. */
function cellsOf(doc: Doc, line: Line): Cell[] | null {
  const source = doc.source.slice(line.start, line.end);
  const separator = (source.match(/\|/g)?.length ?? 0) >= 2 ? '|' : source.includes('\t') ? '\t' : null;
  if (separator === null) return null;
  const out: Cell[] = [];
  let from = 0;
  for (;;) {
    const at = source.indexOf(separator, from);
    const to = at === -1 ? source.length : at;
    const span = trimSpan(doc.view, line.start + from, line.start + to);
    out.push({ span, text: flat(doc.view.slice(span.start, span.end)) });
    if (at === -1) break;
    from = at + 1;
  }
  // "| a | b |": the empty cells outside the outer bars are none.
  if (separator === '|') {
    if (out[0]?.text === '') out.shift();
    if (out.at(-1)?.text === '') out.pop();
  }
  return out.length >= 2 ? out : null;
}

function figureOf(text: string): { value: number; percent: boolean } | null {
  const m = FIGURE_RE.exec(text);
  if (!m) return null;
  const value = m[1]!.includes('.') ? Number(m[1]!.replace(/\./g, '')) : Number(m[1]!.replace(',', '.'));
  return Number.isFinite(value) ? { value, percent: m[2] !== undefined } : null;
}

/**
 * The tables of lines `start` to `end`: the lines they take (for the body to leave alone) and a
 * target for every figure in a row that names a unit. What a table holds that is neither (a row
 * with no unit, a cell that is no figure) is listed in `doc.unrecognized`.
 */
export function readTables(doc: Doc, start: number, end: number): { lines: Set<number>; targets: UnitTargetRead[] } {
  const taken = new Set<number>();
  const targets: UnitTargetRead[] = [];
  let rows: Row[] = [];
  const flush = () => {
    if (rows.length >= 2) {
      for (const r of rows) taken.add(r.line);
      targets.push(...readTable(doc, rows));
    }
    rows = [];
  };
  for (let i = start; i < end; i++) {
    const line = doc.lines[i]!;
    if (SEPARATOR_ROW_RE.test(line.text) && line.text.includes('|') && rows.length > 0) {
      taken.add(i);
      continue;
    }
    const cells = cellsOf(doc, line);
    if (cells) rows.push({ line: i, cells });
    else flush();
  }
  flush();
  return { lines: taken, targets };
}

function readTable(doc: Doc, rows: readonly Row[]): UnitTargetRead[] {
  const width = Math.max(...rows.map((r) => r.cells.length));
  // The heading: the first row, when none of its cells is a figure.
  const head = rows[0]!.cells.every((c) => figureOf(c.text) === null) ? rows[0]! : null;
  const body = head ? rows.slice(1) : rows;
  const headingOf = (col: number) => head?.cells[col]?.text ?? '';
  const names = (col: number) => body.filter((r) => UNIT_NAME_RE.test(r.cells[col]?.text ?? '')).length;
  let unitCol = -1;
  for (let col = 0; col < width; col++) {
    if (unitCol === -1 || names(col) > names(unitCol)) unitCol = col;
  }
  // No column of unit names: a heading that says where the units are ("Đơn vị", "Địa phương").
  if (names(unitCol) === 0) unitCol = [...Array(width).keys()].findIndex((col) => UNIT_HEADING_RE.test(headingOf(col)) && !ORDINAL_HEADING_RE.test(headingOf(col)));
  if (unitCol === -1) {
    for (const r of rows) doc.skip(doc.lines[r.line]!.start, doc.lines[r.line]!.end);
    return [];
  }
  const valueCols = [...Array(width).keys()].filter((col) => col !== unitCol && !ORDINAL_HEADING_RE.test(headingOf(col)) && body.some((r) => figureOf(r.cells[col]?.text ?? '') !== null));
  const out: UnitTargetRead[] = [];
  for (const r of body) {
    const unitCell = r.cells[unitCol];
    if (!unitCell || unitCell.text === '' || TOTAL_RE.test(unitCell.text)) continue;
    const group: IntakeGroup = { type: 'named', name: unitCell.text };
    for (const col of valueCols) {
      const cell = r.cells[col];
      if (!cell || cell.text === '') continue;
      const figure = figureOf(cell.text);
      if (!figure) {
        doc.skip(cell.span.start, cell.span.end);
        continue;
      }
      const heading = headingOf(col);
      const percent = figure.percent || PERCENT_HEADING_RE.test(heading);
      out.push({
        target: {
          unitName: unitCell.text,
          group,
          indicator: withoutPercentMark(heading),
          value: figure.value,
          unit: percent ? 'percent' : 'count',
        },
        spans: { unitName: unitCell.span, value: cell.span },
      });
    }
  }
  return out;
}

/** "Tỷ lệ hồ sơ xử lý trực tuyến (%)" → "Tỷ lệ hồ sơ xử lý trực tuyến": the unit is the target's `unit`. */
function withoutPercentMark(heading: string): string {
  const open = heading.lastIndexOf('(');
  return open !== -1 && /^\(\s?%\s?\)$/u.test(heading.slice(open)) ? heading.slice(0, open).trim() : heading;
}
