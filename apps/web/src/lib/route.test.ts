import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from './route';

describe('routes', () => {
  it('parses home and unknown paths', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/directives/%E0%A4%A')).toEqual({ name: 'notFound' });
  });

  it('has a page for the escalations to urge, and nothing below it', () => {
    expect(hrefFor({ name: 'escalations' })).toBe('#/escalations');
    expect(parseRoute('#/escalations')).toEqual({ name: 'escalations' });
    expect(parseRoute('#/escalations/x')).toEqual({ name: 'notFound' });
  });

  it('has a page for changing one\'s password', () => {
    expect(parseRoute(hrefFor({ name: 'password' }))).toEqual({ name: 'password' });
  });

  it('round-trips a drilled-down directive page, ids with dots and slashes included', () => {
    const route: Route = { name: 'directive', directiveId: 'kg.2020.1119-ubnd-kgvx', trail: ['kg.an-bien', 'weird/id'] };
    expect(hrefFor(route)).toBe('#/directives/kg.2020.1119-ubnd-kgvx/kg.an-bien/weird%2Fid');
    expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(parseRoute('#/directives/d1')).toEqual({ name: 'directive', directiveId: 'd1', trail: [] });
  });

  it("has a page for a directive's full text and original, and nothing below it", () => {
    const route: Route = { name: 'document', directiveId: 'kg.2020.1119-ubnd-kgvx' };
    expect(hrefFor(route)).toBe('#/document/kg.2020.1119-ubnd-kgvx');
    expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(parseRoute('#/document/d1/extra')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/document')).toEqual({ name: 'notFound' });
  });

  it('has a page for a directive\'s compiled report, and nothing below it', () => {
    const route: Route = { name: 'compiled', directiveId: 'kg.2020.1119-ubnd-kgvx' };
    expect(hrefFor(route)).toBe('#/compiled/kg.2020.1119-ubnd-kgvx');
    expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(parseRoute('#/compiled/d1/extra')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/compiled')).toEqual({ name: 'notFound' });
  });

  it('has a page for a unit\'s report of the units below it, named by directive and unit', () => {
    const route: Route = { name: 'progress', directiveId: 'kg.2020.1119-ubnd-kgvx', unitId: 'kg.rach-gia' };
    expect(hrefFor(route)).toBe('#/progress/kg.2020.1119-ubnd-kgvx/kg.rach-gia');
    expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(parseRoute('#/progress/d1')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/progress/d1/u1/extra')).toEqual({ name: 'notFound' });
  });

  it('gives each step of the issue form its own address, so Back and Forward move between them', () => {
    expect(parseRoute('#/issue')).toEqual({ name: 'issue' });
    expect(parseRoute('#/issue/draft')).toEqual({ name: 'issue', step: 'draft' });
    expect(parseRoute('#/issue/preview/')).toEqual({ name: 'issue', step: 'preview' });
    expect(parseRoute('#/issue/issued')).toEqual({ name: 'notFound' });
    for (const step of ['source', 'draft', 'preview'] as const) expect(parseRoute(hrefFor({ name: 'issue', step }))).toEqual(step === 'source' ? { name: 'issue' } : { name: 'issue', step });
  });

  it('has the urging page for every overdue task, or for one directive\'s (an inbox row\'s đôn đốc)', () => {
    expect(parseRoute('#/urging')).toEqual({ name: 'urging' });
    expect(parseRoute('#/urging/d.1%2F2')).toEqual({ name: 'urging', directiveId: 'd.1/2' });
    expect(hrefFor({ name: 'urging', directiveId: 'd.1/2' })).toBe('#/urging/d.1%2F2');
    expect(parseRoute(hrefFor({ name: 'urging', directiveId: 'd.1/2' }))).toEqual({ name: 'urging', directiveId: 'd.1/2' });
    expect(parseRoute('#/urging/d1/more')).toEqual({ name: 'notFound' });
  });

  it('has a page that says how each role works', () => {
    expect(parseRoute('#/help')).toEqual({ name: 'help' });
    expect(hrefFor({ name: 'help' })).toBe('#/help');
    expect(parseRoute('#/help/more')).toEqual({ name: 'notFound' });
  });

  it('has a calendar page for this year or a given one', () => {
    expect(parseRoute(hrefFor({ name: 'calendar', year: null }))).toEqual({ name: 'calendar', year: null });
    expect(hrefFor({ name: 'calendar', year: 2026 })).toBe('#/calendar/2026');
    expect(parseRoute('#/calendar/2026')).toEqual({ name: 'calendar', year: 2026 });
    expect(parseRoute('#/calendar/26')).toEqual({ name: 'notFound' });
  });

  it('has a notifications page and its settings page, and nothing below them', () => {
    expect(hrefFor({ name: 'notifications' })).toBe('#/notifications');
    expect(parseRoute('#/notifications')).toEqual({ name: 'notifications' });
    expect(parseRoute('#/notifications/')).toEqual({ name: 'notifications' });
    expect(hrefFor({ name: 'notificationSettings' })).toBe('#/settings/notifications');
    expect(parseRoute('#/settings/notifications')).toEqual({ name: 'notificationSettings' });
    expect(parseRoute('#/settings')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/notifications/1')).toEqual({ name: 'notFound' });
  });

  it('has the administration pages, and the activation page with the code from the link', () => {
    expect(parseRoute(hrefFor({ name: 'admin' }))).toEqual({ name: 'admin' });
    expect(parseRoute(hrefFor({ name: 'adminImport' }))).toEqual({ name: 'adminImport' });
    expect(parseRoute(hrefFor({ name: 'adminSso' }))).toEqual({ name: 'adminSso' });
    expect(parseRoute(hrefFor({ name: 'adminSettings' }))).toEqual({ name: 'adminSettings' });
    expect(parseRoute(hrefFor({ name: 'adminUnits' }))).toEqual({ name: 'adminUnits' });
    expect(parseRoute(hrefFor({ name: 'forgot' }))).toEqual({ name: 'forgot' });
    expect(hrefFor({ name: 'activate', code: 'ABCD-EFGH-JKMN-PQRS' })).toBe('#/activate/ABCD-EFGH-JKMN-PQRS');
    expect(parseRoute('#/activate/ABCD-EFGH-JKMN-PQRS')).toEqual({ name: 'activate', code: 'ABCD-EFGH-JKMN-PQRS' });
    expect(parseRoute('#/activate')).toEqual({ name: 'activate', code: '' });
    expect(parseRoute('#/activate/ABCD/x')).toEqual({ name: 'notFound' });
    expect(parseRoute('#/admin/other')).toEqual({ name: 'notFound' });
  });
});
