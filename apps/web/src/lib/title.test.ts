import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { documentTitle, type TitledScreen } from './title';

describe('document titles', () => {
  it('name the screen first, then the application, in the interface language', () => {
    expect(documentTitle(vi.pageTitle.directive, vi.app.title)).toBe('Theo dõi thực hiện — Theo dõi chỉ đạo');
    expect(documentTitle(en.pageTitle.signIn, en.app.title)).toBe('Sign in — Directive tracking');
  });

  it('differ from one screen to the next', () => {
    const screens = Object.keys(vi.pageTitle) as TitledScreen[];
    for (const messages of [vi, en]) {
      const titles = screens.map((screen) => documentTitle(messages.pageTitle[screen], messages.app.title));
      expect(new Set(titles).size).toBe(screens.length);
    }
  });
});
