// The activities' contract is the domain's (@chidao/domain, effects.ts): the workflows call it,
// @chidao/activities implements it, and neither package depends on the other.
export type { Alarm, AssignmentPlan, DeadlineKind, Delivery, DeliveryTerms, DirectiveActivities, NotificationActivities, StateRecord, SuccessionTerms } from '@chidao/domain';
