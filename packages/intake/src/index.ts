export { parseDispatch } from './parse';
export { IntakeError, type IntakeErrorCode } from './errors';
export { sourceText, plainText } from './view';
export { findDates, type DateMatch } from './dates';
export type * from './types';
export { readDispatchFile, readDispatchBytes } from './read';
export { resolveDraft, resolveIntakeGroup, type ResolvedDraft, type ResolvedGroup } from './resolve';
