/**
 * When an escalation is shown as raised. The workflow dates an escalation at its alarm's instant,
 * counted from the deadline; a directive entered into the system after its own deadlines (a paper
 * dispatch typed in late) has alarms already in the past, so its escalations would read as raised
 * before the directive existed here. They are shown as raised when the directive was entered, and
 * flagged so the page can say why: the unit could not have acted before that.
 */
export function escalationRaisedAt(raisedAt: string, enteredAt: string): { readonly at: string; readonly enteredAfterDeadline: boolean } {
  const late = Date.parse(raisedAt) < Date.parse(enteredAt);
  return { at: late ? new Date(enteredAt).toISOString() : new Date(raisedAt).toISOString(), enteredAfterDeadline: late };
}
