import type { AssignmentState, AssignmentStatus, ExplanationRequest, AdjustmentRequest, ExtensionRequest, Report } from '@chidao/domain/workflow';
import type { AssignmentPlan, DeliveryTerms } from './activities';

/** What the workflows are started with, and what a run hands the next when it continues as new. */

export interface DirectiveInput {
  readonly v: 1;
  readonly directiveId: string;
  /** Continue-as-new once the history passes this many events (default HISTORY_LIMIT); passed down the tree. */
  readonly historyLimit?: number;
  /** What the previous run handed over when it continued as new. */
  readonly carried?: DirectiveCarried;
}

export interface DirectiveCarried {
  readonly delivered: string[];
  readonly issuerUnitId: string | null;
  readonly run: number;
  /** When the issuer ended the periodic reports (absent: they go on). */
  readonly progressEndedAt?: string;
}

export interface AssignmentInput {
  readonly v: 1;
  readonly directiveId: string;
  readonly unitId: string;
  readonly parentUnitId: string | null;
  readonly taskIds: readonly string[];
  /** Set when a unit forwarded or reassigned the task to this one. */
  readonly terms?: DeliveryTerms;
  /** Continue-as-new once the history passes this many events (default HISTORY_LIMIT). */
  readonly historyLimit?: number;
  /** What the previous run handed over when it continued as new: setup is done, the alarm loop resumes. */
  readonly carried?: AssignmentCarried;
}

/** An assignment workflow's whole state, carried across continue-as-new. */
export interface AssignmentCarried {
  readonly run: number;
  readonly status: AssignmentStatus;
  readonly version: number;
  readonly plan: AssignmentPlan;
  readonly reports: Report[];
  readonly extensions: ExtensionRequest[];
  /** Requests to change or drop a task (absent in runs carried before they existed). */
  readonly adjustments?: AdjustmentRequest[];
  readonly explanations: ExplanationRequest[];
  readonly children: Record<string, AssignmentState>;
  readonly forwarded: Record<string, DeliveryTerms>;
  readonly forwards: number;
  readonly fired: string[];
  readonly stoppedChains: string[];
  /** Behind target by its latest report (absent: not, or carried before it was kept). */
  readonly atRisk?: boolean;
  readonly reportInForce: ReportInForce | null;
  readonly acknowledgementInForce: AcknowledgementInForce | null;
  readonly acknowledgementAmendments: number;
  readonly amendments: number;
  /** A reorganisation's successor: every old unit it took over so far (absent before reorganisations). */
  readonly succeeds?: string[];
  /** A regime until ended: the first progress period the plan holds (absent: 1). */
  readonly periodsFrom?: number;
  /** When the issuer ended the periodic reports (absent: they go on). */
  readonly progressEndedAt?: string;
}

/** A report deadline moved from above (an amendment, an extension, the forwarding unit's terms), which a re-plan keeps. */
export interface ReportInForce {
  readonly reportDate: string;
  readonly generation?: number | string;
}
/** The same for the acknowledgement deadline. */
export interface AcknowledgementInForce {
  readonly acknowledgeDate: string;
  readonly acknowledgeGeneration?: string;
}

/** The assignment workflow's signature, for starting it as a child and continuing it as new by name. */
export type AssignmentWorkflow = (input: AssignmentInput) => Promise<void>;
