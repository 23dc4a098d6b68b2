import { instantMs, localDayOfMs, vnMomentMs, dateOfDayNumber } from './calendar';
import type { NotificationKind } from './notifications';

/**
 * The words of a notification, as officials speak: one text for the in-app list, the e-mail, the
 * push notification, the SMS and Zalo, in Vietnamese (English for those who chose it). Made from what
 * the dispatcher stored with the notification, so it reads the same later.
 */

export type NotificationLanguage = 'vi' | 'en';

/** What a notification's text is made from (the notification's `data`). */
export interface NotificationFacts {
  readonly kind: NotificationKind;
  readonly directiveId: string;
  readonly assignmentId: string | null;
  /** "1119/UBND-KGVX" and its "V/v" line. */
  readonly reference?: string;
  readonly subject?: string;
  /** The unit it is about, and the unit above it (or an escalation's recipient). */
  readonly unitName?: string;
  /** The event's own facts: which deadline and when, a reason, a request's number … */
  readonly [key: string]: unknown;
}

export interface NotificationText {
  readonly title: string;
  readonly body: string;
  /** Path in the web app (a hash route): prefix it with the app's origin for a link outside it. */
  readonly path: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh. */
export function formatVnDateTime(iso: string): string {
  const ms = instantMs(iso);
  const day = localDayOfMs(ms);
  const [y, m, d] = dateOfDayNumber(day).split('-');
  const minutes = Math.round((ms - vnMomentMs(day, 0)) / 60_000);
  return `${d}/${m}/${y} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** dd/MM/yyyy of a yyyy-MM-dd date. */
export function formatVnDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const when = (v: unknown): string | null => {
  const s = str(v);
  if (!s) return null;
  try {
    return formatVnDateTime(s);
  } catch {
    return null;
  }
};

const DEADLINE = {
  vi: { acknowledge: 'tiếp nhận', report: 'báo cáo', progress: 'báo cáo định kỳ', task: 'hoàn thành nhiệm vụ' },
  en: { acknowledge: 'acknowledgement', report: 'report', progress: 'progress report', task: 'task completion' },
} as const;

const REASON = {
  vi: {
    acknowledge_overdue: 'chưa tiếp nhận khi đã quá hạn',
    report_overdue: 'chưa báo cáo khi đã quá hạn',
    progress_overdue: 'chưa gửi báo cáo định kỳ khi đã quá hạn',
    task_overdue: 'chưa hoàn thành nhiệm vụ khi đã quá hạn',
    behind_target: 'chậm so với chỉ tiêu',
  },
  en: {
    acknowledge_overdue: 'has not acknowledged, past the deadline',
    report_overdue: 'has not reported, past the deadline',
    progress_overdue: 'has not sent its progress report, past the deadline',
    task_overdue: 'has not completed its task, past the deadline',
    behind_target: 'is behind target',
  },
} as const;

function deadlineWord(lang: NotificationLanguage, v: unknown): string {
  const words = DEADLINE[lang];
  return typeof v === 'string' && v in words ? words[v as keyof typeof words] : DEADLINE[lang].report;
}

function reasonWord(lang: NotificationLanguage, v: unknown): string {
  const words = REASON[lang];
  return typeof v === 'string' && v in words ? words[v as keyof typeof words] : words.report_overdue;
}

/** What the unit above is told about a unit below it (opens on the directive, not the task list). */
const ABOUT_UNITS_BELOW: ReadonlySet<NotificationKind> = new Set(['escalation', 'report.submitted', 'extension.request', 'adjustment.request', 'explanation.answer']);

/** The notification's title, body and where it opens in the app. */
export function describeNotification(facts: NotificationFacts, lang: NotificationLanguage = 'vi'): NotificationText {
  const vi = lang === 'vi';
  const ref = facts.reference ?? facts.directiveId;
  const docWord = vi ? `Công văn ${ref}` : `Directive ${ref}`;
  const unit = facts.unitName ?? (vi ? 'Đơn vị' : 'A unit');
  // A dispatch's subject is stored as written, "V/v …" included: the prefix is ours to add, once.
  const bareSubject = facts.subject?.trim().replace(/^V\/v\s*/i, '') ?? '';
  const subject = bareSubject ? (vi ? `V/v ${bareSubject}` : `Re: ${bareSubject}`) : '';
  const due = when(facts['deadlineAt']) ?? when(facts['dueAt']);
  const reason = str(facts['reason']);
  const directivePath = `#/directives/${encodeURIComponent(facts.directiveId)}`;
  // The unit's own work opens on its task list; what concerns the units below opens on the directive.
  const path = ABOUT_UNITS_BELOW.has(facts.kind) ? directivePath : '#/';
  const lines = (...parts: Array<string | null | false | undefined>) => parts.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n');

  let title: string;
  let body: string;
  switch (facts.kind) {
    case 'task.new':
      title = vi ? `Nhiệm vụ mới: ${docWord}` : `New task: ${docWord}`;
      body = lines(vi ? `${unit} được giao nhiệm vụ.` : `${unit} has a new task.`, subject, facts['role'] === 'info' ? (vi ? 'Để biết.' : 'For information.') : null);
      break;
    case 'directive.recalled':
      title = vi ? `Thu hồi: ${docWord}` : `Recalled: ${docWord}`;
      body = lines(vi ? `Nhiệm vụ của ${unit} đã bị thu hồi.` : `${unit}'s task was recalled.`, subject);
      break;
    case 'deadline.amended':
    case 'acknowledgement.amended': {
      const date = str(facts['reportDate']) ?? str(facts['acknowledgeDate']);
      title = vi ? `Thay đổi thời hạn: ${docWord}` : `Deadline changed: ${docWord}`;
      body = lines(
        vi
          ? `Hạn ${facts.kind === 'deadline.amended' ? 'báo cáo' : 'tiếp nhận'} mới${date ? `: ${formatVnDate(date)}` : ''}.`
          : `New ${facts.kind === 'deadline.amended' ? 'report' : 'acknowledgement'} deadline${date ? `: ${formatVnDate(date)}` : ''}.`,
        reason && (vi ? `Lý do: ${reason}` : `Reason: ${reason}`),
        subject,
      );
      break;
    }
    case 'assignment.urged': {
      const respondBy = str(facts['respondBy']);
      const urging = str(facts['urgingReference']);
      title = vi ? `Đôn đốc: ${docWord}` : `Urged: ${docWord}`;
      body = lines(
        vi ? `${unit} được đôn đốc thực hiện${urging ? ` (văn bản ${urging})` : ''}.` : `${unit} is urged to act${urging ? ` (letter ${urging})` : ''}.`,
        respondBy && (vi ? `Báo cáo trước ngày ${formatVnDate(respondBy)}.` : `Report by ${formatVnDate(respondBy)}.`),
        subject,
      );
      break;
    }
    case 'reminder':
      title = vi ? `Nhắc việc: ${docWord}` : `Reminder: ${docWord}`;
      body = lines(
        vi ? `Hạn ${deadlineWord(lang, facts['deadline'])}${due ? `: ${due}` : ''}.` : `${deadlineWord(lang, facts['deadline'])} due${due ? ` ${due}` : ''}.`,
        subject,
      );
      break;
    case 'escalation':
      title = vi ? `Quá hạn: ${unit} — ${ref}` : `Overdue: ${unit} — ${ref}`;
      body = lines(`${unit} ${reasonWord(lang, facts['reason'])}${due ? (vi ? ` (hạn ${due})` : ` (due ${due})`) : ''}.`, subject);
      break;
    case 'report.submitted':
      title = vi ? `Báo cáo chờ duyệt: ${unit}` : `Report to review: ${unit}`;
      body = lines(vi ? `${unit} đã gửi báo cáo ${docWord}.` : `${unit} sent its report on ${docWord}.`, subject);
      break;
    case 'report.accepted':
      title = vi ? `Báo cáo được chấp nhận: ${ref}` : `Report accepted: ${ref}`;
      body = lines(vi ? `Báo cáo của ${unit} đã được chấp nhận.` : `${unit}'s report was accepted.`, subject);
      break;
    case 'report.returned':
      title = vi ? `Báo cáo bị trả lại: ${ref}` : `Report returned: ${ref}`;
      body = lines(vi ? `Báo cáo của ${unit} bị trả lại, cần gửi lại.` : `${unit}'s report was returned and must be sent again.`, reason && (vi ? `Lý do: ${reason}` : `Reason: ${reason}`), subject);
      break;
    default: {
      // Requests and their decisions: extension, explanation, adjustment.
      const [what, step] = facts.kind.split('.') as [string, string];
      const noun = vi
        ? { extension: 'gia hạn', explanation: 'giải trình', adjustment: 'điều chỉnh nhiệm vụ' }[what] ?? what
        : { extension: 'extension', explanation: 'explanation', adjustment: 'task adjustment' }[what] ?? what;
      const verdicts = vi
        ? { request: what === 'explanation' ? `Yêu cầu ${noun}` : `Đề nghị ${noun}`, approved: `Đồng ý ${noun}`, rejected: `Không đồng ý ${noun}`, answer: `Đã ${noun}` }
        : { request: `${noun} request`, approved: `${noun} approved`, rejected: `${noun} refused`, answer: `${noun} given` };
      const verdict = verdicts[step as keyof typeof verdicts] ?? step;
      title = `${verdict[0]!.toUpperCase()}${verdict.slice(1)}: ${unit} — ${ref}`;
      const note = str(facts['note']) ?? str(facts['reason']) ?? str(facts['text']);
      body = lines(note && (vi ? `Nội dung: ${note}` : `Note: ${note}`), subject);
      break;
    }
  }
  const urgent = facts['urgency'] === 'Hỏa tốc';
  return { title: urgent ? `${vi ? 'HỎA TỐC' : 'URGENT'} · ${title}` : title, body, path };
}

/** The digest's title and text: one line per notification it gathers, oldest first. */
export function describeDigest(date: string, items: readonly NotificationFacts[], lang: NotificationLanguage = 'vi'): NotificationText {
  const vi = lang === 'vi';
  const title = vi ? `Tổng hợp nhắc việc và quá hạn ngày ${formatVnDate(date)}: ${items.length} mục` : `Reminders and escalations, ${formatVnDate(date)}: ${items.length}`;
  const body = items.map((item) => `• ${describeNotification(item, lang).title}`).join('\n');
  return { title, body, path: '#/notifications' };
}
