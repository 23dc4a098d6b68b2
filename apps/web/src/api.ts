import type { AppRouter } from '@chidao/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

// Type-only: the bundle never contains server code, only the shapes the router promises.
export type { AppRouter };
export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;

export type Me = NonNullable<Outputs['session']['me']>;
export type DemoAccount = Outputs['session']['demoAccounts'][number];
export type Assignment = Outputs['assignments']['mine'][number];
export type AssignmentState = Assignment['state'];
export type DirectiveSummary = Outputs['directives']['list'][number];
export type Overview = Outputs['directives']['overview'];
export type OverviewChild = Overview['children'][number];
export type Subordinate = Outputs['directives']['subordinates'][number];
export type ReorganisationDecision = Outputs['reorganisation']['pending'][number];
export type AckCount = Overview['below'];
export type CalendarYear = Outputs['calendar']['year'];
export type OverviewInput = Inputs['directives']['overview'];
export type RollupResult = Outputs['directives']['rollup'];
export type RollupChild = RollupResult['rollup']['children'][number];
export type RateDefView = RollupResult['rates'][number];
export type MetricDefView = RollupResult['metrics'][number];
export type ReportView = Outputs['reports']['history'][number];
export type ReviewState = ReportView['review'];
export type Escalation = Outputs['escalations']['inbox'][number];
export type TimelineEntry = Outputs['assignments']['timeline'][number];
export type AssignmentRequests = Outputs['assignments']['requests'];
export type ExtensionRequest = AssignmentRequests['extensions'][number];
export type ExplanationRequest = AssignmentRequests['explanations'][number];
export type CompiledReport = Outputs['compiled']['report'];
export type CompiledRow = CompiledReport['total'];
export type Trend = Outputs['trends']['rate'];
export type NotificationItem = Outputs['notifications']['list']['items'][number];
export type NotificationPreferencesView = Outputs['notifications']['preferences']['preferences'];
export type ContactView = Outputs['notifications']['contacts'][number];
export type DeliveryView = Outputs['notifications']['deliveries'][number];
