import {
  DEFAULT_ESCALATION_POLICY,
  DEFAULT_REMINDER_POLICY,
  type DeadlineSpec,
  type EscalationPolicy,
  type ReminderPolicy,
} from './deadlines';
import type { ProgressSchedule } from './periodic';

// Apart from tracking.ts, which schedules by it: a directive carries its policy (directive.ts), and
// tracking.ts reads directives, so the two would import each other.

/** How a directive is followed up: its acknowledgement window, report deadline, reminders and escalation. */
export interface TrackingPolicy {
  readonly acknowledgeWithin: DeadlineSpec;
  /** When unset, a unit reports by the directive's deadline it owes, else by the first target's date. */
  readonly reportBy?: DeadlineSpec;
  readonly reminders: ReminderPolicy;
  readonly escalation: EscalationPolicy;
  /** Progress reports on a schedule until the final report; none when unset. */
  readonly progressReports?: ProgressSchedule;
  /**
   * Extension requests (gia hạn) close this many working days before the report deadline: a request
   * must reach the assigner by the end of that day (provinces' quy chế: 3). Unset: DEFAULT_EXTENSION_CLOSE.
   */
  readonly extensionsCloseWorkingDays?: number;
}

/** Provinces' quy chế on task tracking: an extension is asked at least three working days before the deadline. */
export const DEFAULT_EXTENSION_CLOSE = 3;

export const DEFAULT_TRACKING: TrackingPolicy = {
  acknowledgeWithin: { type: 'workingDays', days: 1 },
  reminders: DEFAULT_REMINDER_POLICY,
  escalation: DEFAULT_ESCALATION_POLICY,
};
