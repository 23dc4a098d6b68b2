/** The kinds `assignments.timeline` returns, each with a label in the locales (`timeline.kinds.*`). */
const KNOWN = {
  issued: 'issued',
  'assignment.acknowledge': 'acknowledge',
  'report.submit': 'reportSubmit',
  'report.accept': 'reportAccept',
  'report.return': 'reportReturn',
  'reminder.reminder': 'reminder',
  'reminder.remind': 'remind',
  'escalation.escalate_parent': 'escalateParent',
  'escalation.escalate_province': 'escalateProvince',
  'extension.request': 'extensionRequest',
  'extension.approved': 'extensionApproved',
  'extension.rejected': 'extensionRejected',
  'explanation.request': 'explanationRequest',
  'explanation.answer': 'explanationAnswer',
  'assignment.set_child_deadline': 'setChildDeadline',
  'assignment.forward': 'forward',
  'assignment.forwarded': 'forwarded',
  'children.forwarded': 'childrenForwarded',
  'assignment.reassign': 'reassign',
  'assignment.reassigned': 'reassigned',
  'assignment.reassigned_from': 'reassignedFrom',
  'assignment.succeeds': 'succeeds',
  'assignment.joined': 'joined',
  'assignment.unit_ceased': 'unitCeased',
  'assignment.urged': 'urged',
  'progress.ended': 'progressEnded',
  'notification.unreachable': 'unreachable',
} as const;

export type TimelineKindKey = `timeline.kinds.${(typeof KNOWN)[keyof typeof KNOWN]}`;

/** The i18n key for a timeline entry's kind, or null for a kind this app does not know (shown raw). */
export function timelineLabelKey(kind: string): TimelineKindKey | null {
  return Object.hasOwn(KNOWN, kind) ? `timeline.kinds.${KNOWN[kind as keyof typeof KNOWN]}` : null;
}

/** Kinds of the workflow's own events whose `reason` is the issuer's words (the event's data, not an audit entry's `after`). */
const EVENT_REASONS: ReadonlySet<string> = new Set(['progress.ended']);

/** The reason a person gave with the entry (a return, a recall, the end of periodic reports), if any: it is worth showing beside the label. */
export function timelineReason(detail: Readonly<Record<string, unknown>>, kind?: string): string | null {
  if (kind !== undefined && EVENT_REASONS.has(kind) && typeof detail.reason === 'string' && detail.reason.trim() !== '') return detail.reason;
  const after = detail.after;
  if (typeof after === 'object' && after !== null && 'reason' in after) {
    const reason = (after as { reason: unknown }).reason;
    if (typeof reason === 'string' && reason.trim() !== '') return reason;
  }
  return null;
}
