import type { IntakeGroup } from './types';
import { flat } from './view';

/**
 * Who a phrase names: a group of the hierarchy ("Chủ tịch UBND các huyện, thành phố"), the
 * businesses of the area, or units by name ("Sở Giáo dục và Đào tạo"). Actors are read at the start
 * of a recipient line, a task bullet or after "giao"/"yêu cầu"/"đề nghị"; a unit's name runs until
 * the verb that follows it ("Sở Du lịch hướng dẫn …").
 */
export interface Actor {
  readonly group: IntakeGroup;
  /** Offsets into the string given to `readActors`. */
  readonly start: number;
  readonly end: number;
}

const PC = String.raw`(?:UBND|[UỦ][yỷ]\s+ban\s+nhân\s+dân)`;
const TITLE_WORD = String.raw`(?:Phó\s+)?(?:Chủ\s+tịch|Giám\s+đốc|Thủ\s+trưởng|Lãnh\s+đạo|Trưởng|Người\s+đứng\s+đầu|Bí\s+thư|Chánh\s+Văn\s+phòng|Chỉ\s+huy\s+trưởng)`;
const TITLE = new RegExp(
  String.raw`^${TITLE_WORD}(?:\s*\(\s*${TITLE_WORD}\s*\))?(?:\s*[,/]\s*${TITLE_WORD})*\s+`,
  'iu',
);
const OPT_CAC = String.raw`(?:các\s+)?`;

interface GroupRule {
  readonly re: RegExp;
  readonly group: (m: RegExpExecArray) => IntakeGroup | null;
}

const PEOPLE_COMMITTEE = ['people_committee'] as const;
const AGENCY_KINDS = ['department', 'mass_organisation'] as const;

function levelOfLocality(word: string | undefined): string | null {
  if (word === undefined) return null;
  const w = flat(word).toLowerCase();
  if (w === 'tỉnh') return 'province';
  if (w === 'huyện' || w === 'thành phố' || w === 'thị xã' || w === 'quận') return 'district';
  if (w === 'xã' || w === 'phường' || w === 'thị trấn' || w === 'đặc khu') return 'commune';
  return null;
}

const GROUP_RULES: readonly GroupRule[] = [
  {
    re: new RegExp(String.raw`^${PC}\s+${OPT_CAC}tỉnh\s*,\s*thành\s+phố(?:\s+trực\s+thuộc\s+(?:Trung\s+ương|TW|TƯ))?`, 'iu'),
    group: () => ({ type: 'level', level: 'province', kinds: PEOPLE_COMMITTEE }),
  },
  {
    re: new RegExp(
      String.raw`^${PC}\s+(?:cấp\s+huyện|các\s+(?:huyện|quận|thị\s+xã)(?:\s*,\s*(?:huyện|quận|thị\s+xã|thành\s+phố))*(?:\s+thuộc\s+tỉnh)?)`,
      'iu',
    ),
    group: () => ({ type: 'level', level: 'district', kinds: PEOPLE_COMMITTEE }),
  },
  {
    re: new RegExp(
      String.raw`^${PC}\s+(?:cấp\s+xã|các\s+(?:xã|phường|thị\s+trấn|đặc\s+khu)(?:\s*,\s*(?:xã|phường|thị\s+trấn|đặc\s+khu))*)`,
      'iu',
    ),
    group: () => ({ type: 'level', level: 'commune', kinds: PEOPLE_COMMITTEE }),
  },
  {
    // "các Sở, ban, ngành, đoàn thể cấp tỉnh (Đảng, chính quyền, đoàn thể)", "các phòng, ban, ngành huyện".
    // The bracket is bounded: read at every "giao …", an unclosed one would be searched to the line's end each time.
    re: new RegExp(
      String.raw`^${OPT_CAC}(sở|phòng|cơ\s+quan)((?:\s*,\s*(?:ban|ngành|đoàn\s+thể|cơ\s+quan|đơn\s+vị|hội))+)(?:\s+và\s+(?:các\s+)?(?:đoàn\s+thể|hội))?(?:\s+(?:chuyên\s+môn\s+)?(?:(?:cấp|thuộc)\s+)?(tỉnh|huyện|thành\s+phố|thị\s+xã|xã)(?![\p{L}]))?(?:\s*\([^)\n]{0,200}\))?`,
      'iu',
    ),
    group: (m) => {
      if (!/ban|ngành/iu.test(m[2]!)) return null;
      const level = levelOfLocality(m[3]) ?? (/^phòng/iu.test(m[1]!) ? 'district' : 'province');
      return { type: 'level', level, kinds: AGENCY_KINDS };
    },
  },
  {
    re: new RegExp(
      String.raw`^${OPT_CAC}(sở|phòng|cơ\s+quan)\s+chuyên\s+môn(?:\s+(?:trực\s+)?thuộc\s+${PC}\s+(tỉnh|huyện|thành\s+phố|thị\s+xã|xã)(?![\p{L}]))?`,
      'iu',
    ),
    group: (m) => ({
      type: 'level',
      level: levelOfLocality(m[2]) ?? (/^phòng/iu.test(m[1]!) ? 'district' : 'province'),
      kinds: ['department'],
    }),
  },
  {
    re: new RegExp(
      String.raw`^(?:chủ\s+)?${OPT_CAC}(?:doanh\s+nghiệp|cơ\s+sở\s+sản\s+xuất|cơ\s+sở\s+kinh\s+doanh|hộ\s+kinh\s+doanh|hợp\s+tác\s+xã)(?:(?:\s*,)?\s*(?:các\s+)?(?:doanh\s+nghiệp|cơ\s+sở\s+sản\s+xuất|cơ\s+sở\s+kinh\s+doanh|kinh\s+doanh|hộ\s+kinh\s+doanh|hợp\s+tác\s+xã))*`,
      'iu',
    ),
    group: () => ({ type: 'businesses' }),
  },
];

/** Words that open a unit's name. Longer ones first so "Liên đoàn" wins over "Đoàn". */
const HEADS = [
  'Ủy ban Mặt trận Tổ quốc Việt Nam', 'Ủy ban MTTQ Việt Nam', 'Ủy ban MTTQ', 'Uỷ ban MTTQ', 'Ủy ban nhân dân', 'Uỷ ban nhân dân',
  'Ủy ban', 'Uỷ ban', 'UBND', 'HĐND', 'Hội đồng nhân dân', 'Mặt trận Tổ quốc', 'Bộ Chỉ huy', 'Ban Chỉ huy', 'Bộ đội Biên phòng',
  'Bộ Tư lệnh', 'Tỉnh đoàn', 'Huyện đoàn', 'Thành đoàn', 'Liên đoàn', 'Hiệp hội', 'Tổng công ty', 'Công ty', 'Tập đoàn',
  'Tổng cục', 'Chi cục', 'Cục', 'Công an', 'Văn phòng', 'Trung tâm', 'Thanh tra', 'Kho bạc', 'Bệnh viện', 'Trường',
  'Bảo hiểm xã hội', 'Ngân hàng', 'Viễn thông', 'Bưu điện', 'Điện lực', 'Cảng vụ', 'Học viện', 'Viện', 'Đài', 'Báo',
  'Sở', 'Bộ', 'Ban', 'Phòng', 'Đoàn', 'Hội', 'Vụ', 'Tòa án', 'Tòa', 'Quỹ', 'Hạt Kiểm lâm',
];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const HEAD_RE = new RegExp(String.raw`^(?:${HEADS.map(escape).join('|')})(?![\p{L}])`, 'u');
const HEAD_RE_ANY_CASE = new RegExp(HEAD_RE.source, 'iu');
const LOCALITY = String.raw`(?:tỉnh|huyện|xã|phường|quận|thị\s+xã|thị\s+trấn|thành\s+phố|đặc\s+khu)(?![\p{L}])`;
const LOCALITY_RE = new RegExp(`^${LOCALITY}`, 'u');
/** "… các tỉnh, thành phố trực thuộc Trung ương" after a unit's name: that unit in each of them. */
const EACH_RE = new RegExp(
  String.raw`^các\s+(tỉnh|huyện|quận|xã|phường)(?:\s*,\s*(?:thành\s+phố|thị\s+xã|quận|huyện|phường|thị\s+trấn|đặc\s+khu|xã))*(?:\s+trực\s+thuộc\s+(?:Trung\s+ương|TW|TƯ))?`,
  'u',
);

/** Lower-case words that end a unit's name: what the unit is told to do. */
const VERBS = [
  'chỉ đạo', 'hướng dẫn', 'yêu cầu', 'tiếp tục', 'phát động', 'chủ trì', 'phối hợp', 'triển khai', 'tổ chức', 'chịu trách nhiệm',
  'có trách nhiệm', 'thực hiện', 'tăng cường', 'rà soát', 'theo dõi', 'kiểm tra', 'tổng hợp', 'báo cáo', 'xây dựng', 'đẩy mạnh',
  'quán triệt', 'tuyên truyền', 'bố trí', 'khẩn trương', 'nghiêm túc', 'đôn đốc', 'cung cấp', 'cập nhật', 'ban hành', 'phổ biến',
  'hỗ trợ', 'giao', 'đề xuất', 'tham mưu', 'căn cứ', 'lập', 'gửi', 'nắm', 'vận động', 'huy động', 'thông báo', 'thành lập',
  'chuẩn bị', 'cử', 'bảo đảm', 'đảm bảo', 'sẵn sàng', 'phải', 'cần', 'được', 'là', 'chủ động', 'tích cực', 'thường xuyên',
  'nghiên cứu', 'phân công', 'trực', 'duy trì', 'giám sát', 'xử lý', 'khắc phục', 'ưu tiên', 'tập trung', 'quyết liệt',
  'nâng cao', 'cài đặt', 'sử dụng', 'tiếp nhận', 'phân bổ', 'thống kê', 'điều động', 'trình', 'đề nghị', 'chấp hành', 'có',
  'không', 'cho', 'về', 'với', 'trong', 'tại', 'theo', 'trên', 'để', 'kịp thời', 'đăng', 'mở', 'tạm dừng', 'dừng', 'rà',
  'điều tra', 'ra', 'lựa chọn', 'hoàn thành', 'hoàn thiện', 'tiến hành', 'ứng dụng', 'đánh giá', 'chuyển', 'công bố',
];
const VERB_RE = new RegExp(String.raw`^(?:${[...VERBS].sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\p{L}])`, 'u');
const MAX_NAME_WORDS = 14;

/** One actor phrase at the very start of `text`, or null. Offsets are relative to `text`. */
export function readActor(text: string): Actor | null {
  return new ActorReader(text).at(0);
}

/** Actors listed at the start of `text`, joined by commas, "và", "hoặc" or "/". */
export function readActors(text: string): Actor[] {
  const reader = new ActorReader(text);
  const out: Actor[] = [];
  let pos = 0;
  for (;;) {
    const actor = reader.at(pos);
    if (!actor) break;
    out.push(actor);
    pos = actor.end;
    const sep = /^\s*(?:,|;|\/|và(?![\p{L}])|hoặc(?![\p{L}]))\s*(?:và\s+)?/u.exec(text.slice(pos));
    if (!sep) break;
    if (!reader.at(pos + sep[0].length)) break;
    pos += sep[0].length;
  }
  return out;
}

/** Asked for by a name that runs into a comma: whether an actor starts at `pos` is not known yet. */
class Needs {
  constructor(readonly pos: number) {}
}

/**
 * Reads actors at offsets of one text, each offset once. A unit's name runs past a comma only when
 * no actor follows it ("Sở Văn hóa, Thể thao và Du lịch" but "Sở Y tế, Sở Tài chính"), so reading
 * one actor asks about the next, and that one about the one after it: in a list of thousands that
 * would be thousands of nested calls, each list read again for every item. The answers are kept,
 * and asked for in a loop rather than by recursion.
 */
class ActorReader {
  private readonly known = new Map<number, Actor | null>();

  constructor(private readonly text: string) {}

  at(pos: number): Actor | null {
    const pending = [pos];
    while (pending.length > 0) {
      const p = pending.at(-1)!;
      if (this.known.has(p)) {
        pending.pop();
        continue;
      }
      const read = this.read(p);
      if (read instanceof Needs) pending.push(read.pos);
      else this.known.set(p, read);
    }
    return this.known.get(pos)!;
  }

  private read(at: number): Actor | Needs | null {
    const text = this.text.slice(at);
    let pos = 0;
    const title = TITLE.exec(text);
    if (title) pos = title[0].length;
    const rest = text.slice(pos);
    for (const rule of GROUP_RULES) {
      const m = rule.re.exec(rest);
      if (!m) continue;
      const group = rule.group(m);
      if (group) return { group, start: at, end: at + pos + m[0].length };
    }
    const named = this.readName(at + pos, title !== null);
    if (named === null || named instanceof Needs) return named;
    const group: IntakeGroup = named.each ? { type: 'named', name: named.name, each: named.each } : { type: 'named', name: named.name };
    return { group, start: at, end: at + pos + named.end };
  }

  private readName(at: number, afterTitle: boolean): { name: string; end: number; each?: string } | Needs | null {
    const text = this.text.slice(at);
    const head = (afterTitle ? HEAD_RE_ANY_CASE : HEAD_RE).exec(text);
    if (!head) return null;
    const isCommittee = /^(?:UBND|HĐND|[UỦ][yỷ]\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân)$/iu.test(head[0]);
    let end = head[0].length;
    let i = end;
    let words = 0;
    let each: string | undefined;
    for (;;) {
      while (i < text.length && text[i] === ' ') i++;
      if (i >= text.length) break;
      const rest = text.slice(i);
      if (words === 0) {
        // The word after the head decides whether this is a name at all: "Sở Y tế", "Công an tỉnh",
        // but not "Báo cáo", "Hội nghị", "Phòng, chống", "Đoàn viên".
        if (!(isCommittee ? LOCALITY_RE.test(rest) : /^[\p{Lu}\d]/u.test(rest) || LOCALITY_RE.test(rest))) return null;
      }
      if (rest[0] === ',' || /^và(?![\p{L}])/u.test(rest)) {
        const joint = /^(?:,|và)\s*(?:và\s+)?/u.exec(rest)![0].length;
        const after = rest.slice(joint);
        const next = this.known.get(at + i + joint);
        if (next === undefined) return new Needs(at + i + joint);
        if (next !== null) break;
        // "Ban Chỉ đạo phòng, chống dịch …": the comma belongs to the name.
        if (rest[0] === ',' && text.endsWith('phòng', end) && /^chống(?![\p{L}])/u.test(after)) {
          i += 1;
          continue;
        }
        if (/^[\p{Lu}]/u.test(after) && !VERB_RE.test(after)) {
          i += joint;
          continue;
        }
        break;
      }
      if (/^[;:.()!?\n"“”]/u.test(rest)) break;
      const each_ = EACH_RE.exec(rest);
      if (each_) {
        each = levelOfLocality(each_[1]) ?? undefined;
        return { name: capitalise(flat(text.slice(0, end))), end: i + each_[0].length, ...(each ? { each } : {}) };
      }
      if (VERB_RE.test(rest)) break;
      const token = /^[^\s,;:.()!?"“”]+/u.exec(rest);
      if (!token) break;
      // "Sở Lao động - Thương binh và Xã hội", "Trung tâm Văn hóa - Thể thao": a dash joins parts of a name.
      if (++words > MAX_NAME_WORDS) return null;
      i += token[0].length;
      end = i;
    }
    return { name: capitalise(flat(text.slice(0, end))), end };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Words before the actor in "Giao Sở Y tế chủ trì …", "Đề nghị UBND các huyện …". */
export const LEAD_WORDS = /^(?:Giao\s+cho|Giao|Đề\s+nghị|Yêu\s+cầu|Chỉ\s+đạo\s+giao)\s+/iu;

export function groupKey(group: IntakeGroup): string {
  return JSON.stringify(group);
}
