import { patched, setHandler } from '@temporalio/workflow';
import type { AssignmentInput } from '../inputs';
import { assignmentSnapshotQuery } from '../messages';
import { registerAlarmSignals, registerProgressEnd, runAlarms, setUp } from './alarms';
import { registerReporting } from './reporting';
import { registerRequests } from './requests';
import { assignmentRun } from './state';
import { registerChildSignals, registerRecall, registerReorganisation, registerTreeMoves } from './tree';

/**
 * One workflow per receiving unit. It records itself in the read model, delivers the
 * sub-assignments of units below it, takes the assignee's and the assigner's actions as updates,
 * and on its own reminds before each deadline and escalates after it, on the working-day calendar.
 *
 * The state of the run is one object (./state); the handler groups change it. They are registered
 * in the order the workflow always registered its handlers: signals and updates that arrive with
 * the run's first task wait for their handler and are taken in that order, which recorded
 * histories hold.
 */
export async function assignmentWorkflow(input: AssignmentInput): Promise<void> {
  // A patch first checked in a later task writes its marker and upserts the TemporalChangeVersion
  // search attribute there, a visibility write on the server in every acknowledgement's task. The
  // patch a user's action checks is decided here, in the run's first task, instead. Runs started
  // before this have no marker here and check it where they used to.
  if (patched('patches-up-front')) patched('state-change-locally');
  const run = assignmentRun(input);
  setHandler(assignmentSnapshotQuery, run.snapshot);
  registerChildSignals(run);
  registerAlarmSignals(run);
  registerRecall(run);
  registerReporting(run);
  registerTreeMoves(run);
  registerRequests(run);
  registerReorganisation(run);
  // Last: a message of its own, which no recorded history holds.
  registerProgressEnd(run);
  if (!input.carried) await setUp(run);
  await runAlarms(run);
}
