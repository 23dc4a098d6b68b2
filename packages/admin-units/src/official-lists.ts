import { parse as parseCsv } from 'csv-parse/sync';
import { marked, type Tokens } from 'marked';
import { z } from 'zod';

/**
 * The official lists of Vietnam's administrative units since 1/7/2025, read from the files as they
 * were published (data/vn-admin-2025): pure functions from text to records, so each can be tested
 * on a few lines. `lists.ts` reads the files and checks the lists against each other.
 */

export const COMMUNE_TYPES_2025 = ['xã', 'phường', 'đặc khu'] as const;
export type CommuneType2025 = (typeof COMMUNE_TYPES_2025)[number];

export interface OfficialProvince {
  /** Two digits: `91`. */
  readonly code: string;
  /** As in Công văn 915: `An Giang`, `Thành phố Hà Nội`. */
  readonly name: string;
}

export interface OfficialCommune {
  /** Five digits: `30742`. */
  readonly code: string;
  /** The official name with its type: `Phường Rạch Giá`. */
  readonly name: string;
  readonly type: CommuneType2025;
  /** The name without its type: `Rạch Giá`. */
  readonly baseName: string;
  readonly provinceCode: string;
}

/** How a pre-reform unit went into a new one: whole (`full`) or a part of it (`partial`). */
export interface Predecessor {
  readonly code: string;
  readonly name: string;
  readonly type: 'full' | 'partial';
}

export interface UnitMerge {
  readonly code: string;
  readonly name: string;
  readonly from: readonly Predecessor[];
}

export interface ProvinceMerge extends UnitMerge {
  readonly communes: readonly UnitMerge[];
}

export class OfficialListError extends Error {
  override readonly name = 'OfficialListError';
}

/** Markdown cells carry line breaks as `<br>` and runs of spaces; names compare in NFC. */
function cleanCell(text: string): string {
  return text.replace(/<br\s*\/?>/gi, ' ').replace(/\s+/g, ' ').trim().normalize('NFC');
}

/** `Thành phố Hà Nội`, `Tp Hà Nội`, `Tỉnh An Giang`, `An Giang` → `Hà Nội` / `An Giang`. */
export function provinceKey(name: string): string {
  return cleanCell(name).replace(/^(Thành phố|Tp\.?|Tỉnh)\s+/iu, '');
}

/** Công văn 915/CTK-CSCL: `Stt,Mã số,Tên 34 tỉnh sau sáp nhập`. */
export function parseProvinces915(csv: string): OfficialProvince[] {
  const rows = parseCsv(csv, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  return rows.map((row, i) => {
    const code = row['Mã số'];
    const name = row['Tên 34 tỉnh sau sáp nhập'];
    if (!code || !/^\d{2}$/.test(code) || !name) throw new OfficialListError(`915: row ${i + 2} has no two-digit code and name`);
    return { code, name: cleanCell(name) };
  });
}

const TYPE_PREFIX = /^(Xã|Phường|Đặc khu) (\S.*)$/u;

/**
 * Phụ lục I of Công văn 1027/CTK-CSCL as a Markdown table: `| Stt | Mã số | Tên đơn vị hành chính |
 * Tỉnh (thành phố) |`, one table per printed page, with a heading row per province (no number) that is skipped. The province
 * column names the province as `Tỉnh …`, `Tp …` or `Thành phố …`; it is resolved against 915.
 */
export function parseCommunes1027(markdown: string, provinces: readonly OfficialProvince[]): OfficialCommune[] {
  const byKey = new Map(provinces.map((p) => [provinceKey(p.name), p.code] as const));
  // One table per page of the printed list, each with the same header row.
  const tables = marked.lexer(markdown).filter((token): token is Tokens.Table => token.type === 'table');
  if (tables.length === 0) throw new OfficialListError('1027: no table');
  const communes: OfficialCommune[] = [];
  for (const table of tables) {
    const headers = table.header.map((cell) => cleanCell(cell.text));
    if (headers.join('|') !== 'Stt|Mã số|Tên đơn vị hành chính|Tỉnh (thành phố)') {
      throw new OfficialListError(`1027: unexpected columns ${headers.join(', ')}`);
    }
    for (const row of table.rows) {
      const [number, code, name, province] = row.map((cell) => cleanCell(cell.text));
      if (!number) continue; // a province's heading
      if (!code || !/^\d{5}$/.test(code)) throw new OfficialListError(`1027: row ${number} has no five-digit code`);
      const typed = TYPE_PREFIX.exec(name ?? '');
      if (!typed) throw new OfficialListError(`1027: row ${number} (${code}) is not a xã, phường or đặc khu: ${name}`);
      const provinceCode = byKey.get(provinceKey(province ?? ''));
      if (!provinceCode) throw new OfficialListError(`1027: row ${number} (${code}) names an unknown province: ${province}`);
      communes.push({ code, name: name!, type: typed[1]!.toLowerCase() as CommuneType2025, baseName: typed[2]!, provinceCode });
    }
  }
  return communes;
}

const predecessor = z.object({ old_id: z.string().regex(/^\d{2,5}$/), name: z.string().min(1), type: z.enum(['full', 'partial']) });
const mergesFile = z.object({
  data: z.array(
    z.object({
      level1_id: z.string().regex(/^\d{2}$/),
      name: z.string().min(1),
      merges: z.array(predecessor),
      level2s: z.array(z.object({ level2_id: z.string().regex(/^\d{5}$/), name: z.string().min(1), merges: z.array(predecessor) })),
    }),
  ),
  stats: z.object({ level1_count: z.number().int(), level2_count: z.number().int() }),
});

const toPredecessors = (merges: readonly z.infer<typeof predecessor>[]): Predecessor[] =>
  merges.map((m) => ({ code: m.old_id, name: cleanCell(m.name), type: m.type }));

/** merges.json: for each new province and commune, the units of before 1/7/2025 it was formed from. */
export function parseMerges(json: string): ProvinceMerge[] {
  const parsed = mergesFile.safeParse(JSON.parse(json));
  if (!parsed.success) throw new OfficialListError(`merges.json: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`);
  const { data, stats } = parsed.data;
  const communes = data.reduce((n, p) => n + p.level2s.length, 0);
  if (data.length !== stats.level1_count || communes !== stats.level2_count) {
    throw new OfficialListError(`merges.json: ${data.length} provinces and ${communes} communes, its stats say ${stats.level1_count} and ${stats.level2_count}`);
  }
  return data.map((p) => ({
    code: p.level1_id,
    name: cleanCell(p.name),
    from: toPredecessors(p.merges),
    communes: p.level2s.map((c) => ({ code: c.level2_id, name: cleanCell(c.name), from: toPredecessors(c.merges) })),
  }));
}
