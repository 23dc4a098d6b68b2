/** The body of a dispatch: its paragraphs, bulleted tasks under their lead-ins, and what each sentence asks for. */
import type { DraftDeadline, DraftSpans, DraftTarget, DraftTask, Span } from '../types';
import { flat, isBlank, trimSpan, type Line } from '../view';
import { MONITOR_RE, actorsAfterGiaoCho, actorsAfterLeadVerb, actorsAt, coordinatorIn, owersOf } from './assignees';
import { BULLET_RE, bulletKind, clauses, dedupe, endMarkAt, sentences, type Assignee, type BulletKind, type Doc, type Located, type Paragraph } from './shared';
import { taskDueOf } from './task-due';
import { duesIn, targetsIn, unreadDueDates } from './targets';

interface TaskBlock {
  readonly parent: Paragraph;
  readonly subs: Paragraph[];
  readonly leadIn: Paragraph | null;
}

export function readParagraphs(doc: Doc, start: number, end: number): Paragraph[] {
  const { view, lines } = doc;
  const out: Paragraph[] = [];
  let previous: Line | null = null;
  for (let i = start; i < end; i++) {
    const line = lines[i]!;
    if (isBlank(line) || doc.tableLines.has(i)) {
      previous = null;
      continue;
    }
    const bullet = BULLET_RE.exec(line.text);
    const last = out.at(-1);
    // A hard-wrapped line continues the paragraph above it.
    if (!bullet && previous && last && !/[.:;!?]\s*$/.test(previous.text)) {
      out[out.length - 1] = { ...last, end: line.end };
      previous = line;
      continue;
    }
    if (bullet) {
      const kind = bulletKind(bullet);
      out.push({ start: line.start, end: line.end, bullet: { kind, indent: bullet[1]!.length }, contentStart: line.start + bullet[0].length });
    } else {
      const content = trimSpan(view, line.start, line.end);
      out.push({ start: content.start, end: line.end, bullet: null, contentStart: content.start });
    }
    previous = line;
  }
  return out;
}

/**
 * `addressed`: the document has a recipients line ("Kính gửi", a công điện's "… điện:"); without one,
 * an item that names no unit is no task (see below).
 */
export function readBody(doc: Doc, start: number, end: number, addressees: readonly Assignee[], addressed = true) {
  const { view } = doc;
  const paragraphs = readParagraphs(doc, start, end);
  const blocks: TaskBlock[] = [];
  const prose: Paragraph[] = [];
  let stack: { kind: BulletKind; indent: number }[] = [];
  let current: TaskBlock | null = null;
  let leadIn: Paragraph | null = null;
  for (const p of paragraphs) {
    // "I. MỤC ĐÍCH, YÊU CẦU", "Điều 2. Tổ chức thực hiện": a section's heading ends the list above it
    // and heads none: the items under it are tasks of their own, not sub-items of the heading.
    if (p.bullet && isSectionHeading(view, p)) {
      stack = [];
      current = null;
      leadIn = null;
      continue;
    }
    // "QUYẾT ĐỊNH:", "CHỈ THỊ:" alone: the word that opens the operative part, read as such.
    if (!p.bullet && OPERATIVE_RE.test(view.slice(p.contentStart, p.end).trim())) continue;
    if (!p.bullet || isExecutionClause(view, p)) {
      prose.push(p);
      stack = [];
      current = null;
      leadIn = p;
      continue;
    }
    const level = nestLevel(stack, p.bullet);
    if (level === 1 || !current) {
      current = { parent: p, subs: [], leadIn };
      blocks.push(current);
    } else {
      current.subs.push(p);
    }
  }

  // General addressees of a list: the actors its lead-in asks to act, else every recipient.
  const leadInActors = new Map<Paragraph, Assignee[]>();
  const usedLeadIns = new Set<Paragraph>();
  for (const block of blocks) {
    if (!block.leadIn || leadInActors.has(block.leadIn)) continue;
    const p = block.leadIn;
    const actors = actorsAfterLeadVerb(doc, p.contentStart, p.end);
    leadInActors.set(p, actors);
    if (actors.length > 0 || /(?:sau|dưới\s+đây)\s*:\s*$/iu.test(view.slice(p.start, p.end))) usedLeadIns.add(p);
  }

  const leadInStarts = new Set([...usedLeadIns].map((p) => p.contentStart));

  const tasks: { task: DraftTask; spans: DraftSpans['tasks'][number]; assignees: Assignee[] }[] = [];
  const segments: { start: number; end: number; owers: Assignee[]; prose: boolean }[] = [];
  for (const block of blocks) {
    const last = block.subs.at(-1) ?? block.parent;
    const textSpan = trimSpan(view, block.parent.contentStart, last.end);
    const own = actorsAt(doc, block.parent.contentStart, block.parent.end);
    const subActors = block.subs.map((s) => actorsAt(doc, s.contentStart, s.end));
    let assignees = own;
    if (assignees.length === 0) assignees = dedupe(subActors.flat());
    if (assignees.length === 0) {
      const fromLeadIn = block.leadIn ? leadInActors.get(block.leadIn) ?? [] : [];
      assignees = fromLeadIn.length > 0 ? fromLeadIn : [...addressees];
    }
    // "Giao chỉ tiêu … cho UBND các huyện, thành phố": the unit after "cho".
    if (assignees.length === 0) assignees = actorsAfterGiaoCho(doc, block.parent.contentStart, block.parent.end);
    if (assignees.length === 0 && !addressed) {
      // A document with no recipients list (chỉ thị, kế hoạch, thông báo kết luận, quyết định) names
      // the unit of each task in the task: an item that names none ("Đánh giá cao …", a plan's
      // "Mục đích, yêu cầu") is no task. It is read like prose, for targets and deadlines, and
      // listed when nothing is read from it.
      for (const p of [block.parent, ...block.subs]) prose.push(p);
      continue;
    }
    const subSpans = block.subs.map((s) => trimSpan(view, s.contentStart, s.end));
    const text = flat(view.slice(textSpan.start, textSpan.end));
    const due = taskDueOf(text, doc.year, doc.beforeDate);
    tasks.push({
      task: {
        text,
        assignees: assignees.map((a) => a.group),
        subItems: subSpans.map((s) => flat(view.slice(s.start, s.end))),
        ...(due ? { due } : {}),
      },
      spans: { text: textSpan, assignees: assignees.map((a) => a.span), subItems: subSpans },
      assignees,
    });
    segments.push({ start: block.parent.contentStart, end: block.parent.end, owers: assignees, prose: false });
    block.subs.forEach((s, k) => {
      const mine = subActors[k]!;
      segments.push({ start: s.contentStart, end: s.end, owers: mine.length > 0 ? mine : assignees, prose: false });
    });
  }
  const tasksFromBullets = tasks.length;
  for (const p of prose) segments.push({ start: p.contentStart, end: p.end, owers: [], prose: true });
  segments.sort((a, b) => a.start - b.start);

  const targets: { target: DraftTarget; spans: DraftSpans['targets'][number] }[] = [];
  const deadlines: { deadline: DraftDeadline; spans: DraftSpans['deadlines'][number] }[] = [];
  let coordinator: { located: Located<string>; strong: boolean } | null = null;

  for (const segment of segments) {
    let segEnd = segment.end;
    const endMark = endMarkAt(view.slice(segment.start, segment.end));
    if (endMark !== null) segEnd = segment.start + endMark;
    const isLeadIn = leadInStarts.has(segment.start);
    const unused: Span[] = [];
    for (const sentence of sentences(view, segment.start, segEnd)) {
      let used = isLeadIn || !segment.prose;
      const read = { deadlines: deadlines.length, targets: targets.length };
      /** Starts of the dues a target took. */
      const consumed = new Set<number>();
      for (const clause of clauses(view, sentence)) {
        const dues = duesIn(doc, clause);
        for (const found of targetsIn(doc, clause, dues)) {
          targets.push(found);
          if (found.due) consumed.add(found.due.start);
          used = true;
        }
        // Every deadline of a clause has the clause's text and owers: found once, not once per date.
        let clauseRead: { text: Span; value: string; owers: Assignee[] } | null = null;
        for (const due of dues) {
          if (!due.deadline || consumed.has(due.start)) continue;
          if (!clauseRead) {
            const text = trimSpan(view, clause.start, clause.end);
            clauseRead = { text, value: flat(view.slice(text.start, text.end)), owers: owersOf(doc, clause, sentence, segment) };
          }
          const { text, value, owers } = clauseRead;
          deadlines.push({
            deadline: { text: value, due: due.iso, ...(due.before ? { before: true as const } : {}), owers: owers.map((o) => o.group) },
            spans: { text, due: { start: due.start, end: due.end }, owers: owers.map((o) => o.span) },
          });
          used = true;
        }
      }
      // A dispatch without bullets gives its instructions in sentences: "Giao Sở Y tế …", "Đề nghị UBND các huyện …".
      if (tasksFromBullets === 0 && segment.prose && !isLeadIn) {
        const actors = actorsAt(doc, sentence.start, sentence.end);
        const assignees = actors.length > 0 ? actors : actorsAfterLeadVerb(doc, sentence.start, sentence.end);
        if (assignees.length > 0) {
          const text = flat(view.slice(sentence.start, sentence.end));
          const due = taskDueOf(text, doc.year, doc.beforeDate);
          tasks.push({
            task: { text, assignees: assignees.map((a) => a.group), subItems: [], ...(due ? { due } : {}) },
            spans: { text: sentence, assignees: assignees.map((a) => a.span), subItems: [] },
            assignees,
          });
          used = true;
        }
      }
      if (MONITOR_RE.test(view.slice(sentence.start, sentence.end)) && !coordinator?.strong) {
        const found = coordinatorIn(doc, sentence, segment);
        if (found && (!coordinator || found.strong)) coordinator = found;
        if (found) used = true;
      }
      if (!used) unused.push(sentence);
      else {
        // Only what this sentence read can overlap it: earlier sentences lie before it.
        const readDues = [...deadlines.slice(read.deadlines).map((d) => d.spans.due), ...targets.slice(read.targets).flatMap((t) => (t.spans.due ? [t.spans.due] : []))];
        for (const phrase of unreadDueDates(doc, sentence, readDues)) doc.skip(phrase.start, phrase.end);
      }
    }
    // Sentences nothing was read from, merged when they follow each other.
    let run: Span | null = null;
    for (const s of unused) {
      if (run && /^\s*$/.test(view.slice(run.end, s.start))) run = { start: run.start, end: s.end };
      else {
        if (run) doc.skip(run.start, run.end);
        run = s;
      }
    }
    if (run) doc.skip(run.start, run.end);
  }

  return {
    tasks,
    targets,
    deadlines,
    coordinator: coordinator?.located ?? null,
  };
}

/** The operative word of a decision or a directive on a line of its own, trimmed (no spaces for the pattern to backtrack over). */
const OPERATIVE_RE = /^(?:QUYẾT\s+ĐỊNH|CHỈ\s+THỊ|KẾT\s+LUẬN)\s?:$/u;

/** Words of a heading at most: "Điều 2. Tổ chức thực hiện", "II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU". */
const HEADING_WORDS = 12;

/**
 * Whether a roman-numbered item or an article ("Điều 2.") is a section's heading: a few words,
 * not a sentence (no stop at its end). "Điều 1. Giao chỉ tiêu … cho UBND các huyện." is a task.
 */
function isSectionHeading(view: string, p: Paragraph): boolean {
  if (p.bullet?.kind !== 'roman' && p.bullet?.kind !== 'article') return false;
  const text = view.slice(p.contentStart, p.end).trim();
  if (/[.;]$/.test(text)) return false;
  return text.split(/\s+/).length <= HEADING_WORDS;
}

/** A decision's last article: "… chịu trách nhiệm thi hành Quyết định này." It names who executes, not a task. */
function isExecutionClause(view: string, p: Paragraph): boolean {
  return p.bullet?.kind === 'article' && /chịu\s+trách\s+nhiệm\s+thi\s+hành/iu.test(view.slice(p.contentStart, p.end));
}

/**
 * Nesting of a bullet from the kinds of marker seen so far in the list: a new kind of marker goes
 * one level down, a kind seen before goes back to its level; deeper indentation also goes down.
 */
function nestLevel(stack: { kind: BulletKind; indent: number }[], bullet: { kind: BulletKind; indent: number }): number {
  const at = stack.findIndex((s) => s.kind === bullet.kind && Math.abs(s.indent - bullet.indent) <= 1);
  if (at !== -1) {
    stack.length = at + 1;
    return at + 1;
  }
  while (stack.length > 0 && stack.at(-1)!.indent > bullet.indent + 1) stack.pop();
  stack.push(bullet);
  return stack.length;
}
