export * from './errors';
export * from './batching';
export * from './attachments';
export * from './hierarchy';
export * from './directive';
export * from './original';
export * from './issuance';
export * from './assignment';
export * from './progress';
export * from './text';
export * from './seed/kien-giang-2020';
export * from './seed/directive-1119';
export * from './seed/demo-accounts';
export * from './seed/national';
export * from './access';
export * from './administration';
export * from './single-sign-on';
export * from './province-settings';
export * from './unit-administration';
export * from './identity';
export * from './reports';
export * from './finding';
export * from './rollup';
export * from './compiled-report';
export * from './trend';
export * from './chains';
export {
  VN_TIME_ZONE,
  OFFICIAL_HOLIDAYS,
  vietnamCalendar,
  holidaysOf,
  isWorkingDay,
  lunarNewYearOf,
  localDateOf,
  addWorkingDays,
  workingDaysBetween,
  nextWorkingMoment,
  yearStatusOf,
  calendarYearView,
  type HolidayYear,
  type BusinessCalendar,
  type CalendarSource,
  type CalendarYearView,
  type FixedHoliday,
} from './calendar';
export * from './deadlines';
export * from './tracking';
export * from './periodic';
export type * from './effects';
export * from './requests';
export * from './forwarding';
export * from './obligations';
export * from './amendments';
export * from './replan';
export * from './reorganisation';
export * from './tasks';
export * from './urging';
export * from './notifications';
export * from './notification-text';
export * from './contacts';
export * from './unit-names';
export * from './escalation-time';
