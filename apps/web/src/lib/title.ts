import type { Route } from './route';

/** A screen as the document's title names it: the sign-in form, or a route of the signed-in app. */
export type TitledScreen = 'signIn' | Route['name'];

/**
 * The tab's title for a screen: the screen first, so a person with many tabs (or a screen reader
 * announcing the new page) hears where they are before the application's name.
 */
export function documentTitle(screen: string, application: string): string {
  return `${screen} — ${application}`;
}
