import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, FILE_NAMES, type FileName } from '@chidao/api';
import { startEngineHarness, type EngineHarness } from '@chidao/api/engine-harness';
import { DEMO_PASSWORD } from '@chidao/db';
import { DIRECTIVE_1119 } from '@chidao/domain';
import { docxBomb, docxDeeplyNested, docxEntityExpansion, docxManyParagraphs, docxManyParts, edxmlAttachments, edxmlDeeplyNested, edxmlManyElements } from '@chidao/intake/hostile-documents';
import { FIXTURES_DIR } from '@chidao/intake/fixtures';
import { pdfOfPages, pngClaiming } from '@chidao/intake/file-fixtures';
import { eventually } from '@chidao/testing';
import { assignmentWorkflowId, directiveWorkflowId } from '@chidao/workflows';
import { createHttpServer } from './http';
import { filePath } from './files';
import { CookieJar } from './test-cookies';

/**
 * Hostile input through the real HTTP server, the real engine and the real database: for every
 * procedure, generated inputs (malformed shapes, huge strings, Vietnamese in NFC and NFD, control
 * characters, odd numbers, impossible dates, other units' ids) each get a typed 4xx, never a 5xx,
 * and afterwards the database and Temporal are as they were. A procedure missing from SPECS fails.
 */

/**
 * Whether a text shows a stack frame ("at handler (/app/src/http.ts:12:3)"), read line by line: as
 * one pattern (`at .*\.ts:\d`) it would be retried from every "at " of a long line to its end.
 */
function showsStackFrame(text: string): boolean {
  return text.split(/[\n\r\u2028\u2029]/).some((line) => {
    const at = line.search(/\bat /);
    return at !== -1 && /\.(?:ts|js):\d/.test(line.slice(at + 3));
  });
}

const COMMUNE = 'kg.rach-gia.p-vinh-thanh';
const DISTRICT = 'kg.rach-gia';
const SIBLING = 'kg.rach-gia.p-vinh-thanh-van';
const ELSEWHERE = 'kg.ha-tien.p-dong-ho';
const assignment = (unitId: string) => assignmentWorkflowId(DIRECTIVE_1119.id, unitId);
const RUNS = 15;
/** Bounds a broken run only: some 400 requests through the whole stack, on a machine that may be busy. */
const LIMIT_MS = 600_000;

let harness: EngineHarness;
let server: Server;
let base: string;

/** A browser at the API: cookies, the CSRF header, and a fresh idempotency key per mutation. */
class Browser extends CookieJar {
  async call(type: 'query' | 'mutation', path: string, input: unknown): Promise<Response> {
    const json = input === undefined ? undefined : JSON.stringify(input);
    const response =
      type === 'query'
        ? await fetch(`${base}/trpc/${path}${json === undefined ? '' : `?input=${encodeURIComponent(json)}`}`, { headers: this.headers() })
        : await fetch(`${base}/trpc/${path}`, {
            method: 'POST',
            headers: { ...this.headers(), 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            ...(json === undefined ? {} : { body: json }),
          });
    this.remember(response);
    return response;
  }
  /** A download, as a link would ask for it: each field of the input a query parameter (a non-text one as JSON). */
  async file(name: string, input: unknown): Promise<Response> {
    const params = new URLSearchParams();
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      for (const [key, value] of Object.entries(input)) params.append(key, typeof value === 'string' ? value : JSON.stringify(value) ?? '');
    } else if (input !== undefined) params.append('input', JSON.stringify(input) ?? '');
    const response = await fetch(`${base}${filePath(name as FileName)}?${params}`, { headers: this.headers() });
    this.remember(response);
    return response;
  }
  async signIn(unitId: string): Promise<this> {
    await this.call('query', 'session.me', undefined);
    const response = await this.call('mutation', 'session.signIn', { username: `ct.${unitId}`, password: DEMO_PASSWORD });
    expect(response.status).toBe(200);
    return this;
  }
}

const browsers = {} as Record<'commune' | 'district' | 'visitor', Browser>;

// ---- hostile values -------------------------------------------------------------------------------

const VIETNAMESE = ['Báo cáo tiến độ triển khai', 'Phường Vĩnh Thanh Vân', 'Đề nghị gia hạn vì chưa đủ số liệu', 'Ủy ban nhân dân', 'ĐÃ TIẾP NHẬN'];
const vietnamese = fc.constantFrom(...VIETNAMESE).chain((s) => fc.constantFrom(s.normalize('NFC'), s.normalize('NFD')));
const control = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });
const oddUnicode = fc.constantFrom('\u202Eevil', '\uFEFF', '\u0000', 'a\u0301\u0301\u0301', '\uD800', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '<script>alert(1)</script>', "'; DROP TABLE unit; --", '../../etc/passwd', '${7*7}');
const notAString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
/** Strings a query can carry in its URL. */
const smallText = fc.oneof(fc.string({ maxLength: 300 }), vietnamese, control, oddUnicode, fc.constant(''), fc.constant('   '), fc.string({ minLength: 600, maxLength: 1500 }));
/** Mutations also get bodies past the server's limit (413). */
const text = fc.oneof(smallText, fc.constant('ữ'.repeat(70_000)), notAString);
const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 2 ** 53, 0.1 + 0.2);
const number = fc.oneof(fc.integer(), fc.double(), hugeNumber, fc.constant('1'), fc.constant(null));
const date = fc.oneof(
  fc.constantFrom('2026-02-30', '2025-13-01', '2025-00-10', '0000-00-00', '9999-12-31', '1900-01-01', '20251-01-01', '2025-1-1', 'hôm nay', '31/12/2026'),
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  notAString,
);
/** Malformed shapes: anything at all where an object was expected. */
const malformed = fc.oneof(fc.anything({ maxDepth: 2 }), fc.constant(undefined), fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 4 }));

/** Values a field never accepts, whatever the rest of the input (used where the target is one's own). */
const broken = {
  text: (max: number) => fc.oneof(fc.constantFrom('', '   ', '\n\t'), fc.constant('x'.repeat(max + 1)), notAString),
  longText: (max: number) => fc.oneof(fc.constant('ô'.repeat(max + 1)), notAString),
  date: fc.oneof(fc.constantFrom('2026-02-30', '2025-13-01', '2025-00-10', '0000-00-00', '20251-01-01', '2025-1-1', 'hôm nay', '31/12/2026', ''), notAString),
  boolean: fc.constantFrom('true', 1, 0, null, 'có'),
  version: fc.oneof(fc.constantFrom(0, -1, 1.5, '1', null, -1e308), fc.double({ max: 0.5 })),
  decision: fc.constantFrom('approve', '', null, 1, 'ACCEPT'),
  figures: fc.constantFrom({ '': 1 }, { ['k'.repeat(65)]: 1 }, { 'Số hộ': 'nhiều' }, [1, 2], 'mười', null),
};

interface Field {
  readonly any: fc.Arbitrary<unknown>;
  /** Absent: the field cannot be made invalid on its own (an optional one). */
  readonly broken?: fc.Arbitrary<unknown>;
}
type Actor = keyof typeof browsers;
interface Target {
  readonly key: string;
  /** Ids the actor may act on: these calls always carry one broken field. */
  readonly own: readonly string[];
  /** Ids of other units, unknown ids and junk: refused whatever the other fields hold. */
  readonly foreign: readonly string[];
}
interface Spec {
  readonly actor: Actor;
  readonly input: fc.Arbitrary<unknown>;
}

const JUNK_IDS = ['', ' ', 'x'.repeat(700), 'directive:nope/unit:nope', `${assignment(COMMUNE)}\u0000`, assignment(COMMUNE).normalize('NFD').toUpperCase(), '%', "' OR 1=1 --"];

/** An input for a procedure: malformed, aimed at someone else's target, or at one's own with one field broken. */
function shaped(target: Target | null, fields: Record<string, Field>): fc.Arbitrary<unknown> {
  const anyFields = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.any]));
  const options: fc.Arbitrary<unknown>[] = [malformed];
  const breakable = Object.entries(fields).filter(([, f]) => f.broken);
  if (target) {
    options.push(fc.record({ [target.key]: fc.constantFrom(...target.foreign, ...JUNK_IDS), ...anyFields }, { requiredKeys: [] }));
  }
  if (breakable.length > 0 && (!target || target.own.length > 0)) {
    const whole = fc.record({ ...(target ? { [target.key]: fc.constantFrom(...target.own) } : {}), ...anyFields });
    options.push(
      whole.chain((input) => fc.constantFrom(...breakable).chain(([key, field]) => field.broken!.map((value) => ({ ...input, [key]: value })))),
    );
  }
  return fc.oneof(...options);
}

const communeAssignment: Target = {
  key: 'assignmentId',
  own: [assignment(COMMUNE)],
  foreign: [assignment(SIBLING), assignment(DISTRICT), assignment(ELSEWHERE), assignment('kg')],
};
/** The district acts as assigner on its communes' assignments. */
const assignerAssignment: Target = { key: 'assignmentId', own: [assignment(COMMUNE), assignment(SIBLING)], foreign: [assignment(ELSEWHERE), assignment('kg.ha-tien'), assignment(DISTRICT)] };
const directive: Target = { key: 'directiveId', own: [], foreign: [DIRECTIVE_1119.id, 'kg.2020.9999-ubnd', directiveWorkflowId(DIRECTIVE_1119.id)] };
/** Directives the commune does not see: what it reads of 1119 it may read. */
const unseenDirective: Target = { key: 'directiveId', own: [], foreign: ['kg.2020.9999-ubnd', directiveWorkflowId(DIRECTIVE_1119.id)] };
const escalation: Target = { key: 'id', own: [], foreign: [`${assignment(COMMUNE)}/acknowledge_overdue/parent`, 'esc-1'] };
const queryText: Field = { any: smallText };

/** A unit change aimed at units of the tree or none, with its legal basis broken or not. */
const unitId = fc.oneof(fc.constantFrom(COMMUNE, SIBLING, DISTRICT, ELSEWHERE, 'kg', ...JUNK_IDS), smallText);
const unitChange = fc.oneof(
  malformed,
  fc.record({
    change: fc.oneof(
      fc.record({ kind: fc.constant('rename'), unitId, name: text }),
      fc.record({ kind: fc.constant('add'), parentId: unitId, name: text, code: fc.oneof(fc.constantFrom('30999', '3', 'abcde'), smallText) }),
      fc.record({ kind: fc.constant('merge'), from: fc.array(unitId, { maxLength: 60 }), into: fc.oneof(fc.record({ unitId }), fc.record({ name: text })) }),
      fc.record({ kind: fc.constant('split'), from: unitId, into: fc.oneof(fc.array(fc.record({ name: text }), { maxLength: 60 }), notAString) }),
      fc.record({ kind: fc.oneof(smallText, fc.constant('delete')), unitId }),
    ),
    legal: fc.oneof(fc.record({ resolution: fc.oneof(text, fc.constant('Nghị quyết số 1685/NQ-UBTVQH15')), effectiveFrom: fc.oneof(date, smallText) }), notAString),
  }),
);

/** Every procedure, by path: who calls it and with what. */
const SPECS: Record<string, Spec> = {
  'session.demoAccounts': { actor: 'visitor', input: malformed },
  'session.signInOptions': { actor: 'visitor', input: malformed },
  'session.me': { actor: 'commune', input: malformed },
  'session.signIn': { actor: 'visitor', input: shaped(null, { username: { any: text, broken: broken.text(200) }, password: { any: text, broken: broken.text(1_000) } }) },
  'session.signOut': { actor: 'visitor', input: malformed },
  'session.changePassword': {
    actor: 'commune',
    input: shaped(null, { currentPassword: { any: text }, newPassword: { any: text, broken: fc.constantFrom('', null, 7) } }).filter(
      (input) => (input as { currentPassword?: unknown } | null)?.currentPassword !== DEMO_PASSWORD,
    ),
  },
  'assignments.mine': { actor: 'commune', input: malformed },
  'assignments.search': {
    actor: 'commune',
    input: shaped(null, {
      query: { any: smallText, broken: fc.oneof(fc.constant('ô'.repeat(201)), notAString.filter((v) => v !== null && !Array.isArray(v) && typeof v !== 'object')) },
      state: { any: fc.constantFrom('issued', 'acknowledged', 'reported'), broken: fc.constantFrom('open', '', 'ISSUED', 1) },
      standing: { any: fc.constantFrom('within', 'overdue', 'none'), broken: fc.constantFrom('late', '', null, 0) },
      dueBy: { any: fc.constantFrom('2026-12-31', '2020-08-20'), broken: broken.date },
      directiveId: { any: fc.constantFrom(DIRECTIVE_1119.id, 'kg.nowhere'), broken: fc.constantFrom('', 'x'.repeat(301), 1) },
      page: { any: fc.integer({ min: 1, max: 50 }), broken: fc.constantFrom(0, -1, 1.5, 10_001, '1', null) },
      pageSize: { any: fc.integer({ min: 1, max: 50 }), broken: fc.constantFrom(0, 51, 1e9, 2.5, '20', null) },
    }),
  },
  'assignments.acknowledge': { actor: 'commune', input: shaped(communeAssignment, {}) },
  'assignments.timeline': { actor: 'commune', input: shaped(communeAssignment, {}) },
  'assignments.requests': { actor: 'commune', input: shaped(communeAssignment, {}) },
  'assignments.periods': { actor: 'commune', input: shaped(communeAssignment, {}) },
  'assignments.requestExtension': {
    actor: 'commune',
    input: shaped(communeAssignment, { reason: { any: text, broken: broken.text(4_000) }, proposedDate: { any: date, broken: broken.date } }),
  },
  'assignments.decideExtension': {
    actor: 'district',
    input: shaped(assignerAssignment, { approve: { any: fc.oneof(fc.boolean(), broken.boolean), broken: broken.boolean }, note: { any: text, broken: broken.longText(4_000) } }),
  },
  'assignments.requestExplanation': { actor: 'district', input: shaped(assignerAssignment, { question: { any: text, broken: broken.text(4_000) } }) },
  'assignments.answerExplanation': { actor: 'commune', input: shaped(communeAssignment, { answer: { any: text, broken: broken.text(4_000) } }) },
  'assignments.setChildDeadline': {
    actor: 'district',
    input: shaped(
      { key: 'assignmentId', own: [assignment(DISTRICT)], foreign: [assignment(COMMUNE), assignment(ELSEWHERE), assignment('kg.ha-tien')] },
      { reportDate: { any: date, broken: broken.date }, instructions: { any: text, broken: broken.text(4_000) } },
    ),
  },
  'assignments.forward': {
    actor: 'district',
    input: shaped(
      { key: 'assignmentId', own: [assignment(DISTRICT)], foreign: [assignment(COMMUNE), assignment(ELSEWHERE), assignment('kg.ha-tien')] },
      {
        units: {
          any: fc.oneof(fc.constant('all'), fc.array(fc.constantFrom(COMMUNE, SIBLING, ELSEWHERE, 'kg', DISTRICT, ...JUNK_IDS), { maxLength: 3 }), smallText, notAString),
          broken: fc.constantFrom([ELSEWHERE], ['kg'], [DISTRICT], [COMMUNE, 'kg.nowhere'], [], [''], 'tất cả', null, ['x'.repeat(400)]),
        },
        reportDate: { any: date, broken: broken.date },
        acknowledgeDate: { any: date, broken: broken.date },
        instructions: { any: text, broken: broken.text(4_000) },
      },
    ),
  },
  'assignments.reassign': {
    actor: 'district',
    input: shaped(assignerAssignment, {
      // Every unit below the district holds an assignment of 1119: no target is free, so none moves.
      toUnitId: { any: fc.oneof(fc.constantFrom(COMMUNE, SIBLING, ELSEWHERE, DISTRICT, 'kg', 'kg.rach-gia.p-an-hoa'), smallText), broken: fc.constantFrom(ELSEWHERE, 'kg', DISTRICT, '', 'kg.nowhere', 'x'.repeat(400)) },
      reason: { any: text, broken: broken.text(2_000) },
    }),
  },
  'directives.subordinates': {
    actor: 'commune',
    input: shaped({ key: 'unitId', own: [], foreign: [SIBLING, DISTRICT, ELSEWHERE, 'kg', 'kg.nowhere'] }, { directiveId: { any: fc.oneof(fc.constant(DIRECTIVE_1119.id), smallText) } }),
  },
  'chains.draft': {
    actor: 'district',
    input: shaped({ key: 'assignmentId', own: [assignment(DISTRICT)], foreign: [assignment(COMMUNE), assignment(ELSEWHERE), assignment('kg.ha-tien')] }, {}),
  },
  'chains.fromRollup': { actor: 'commune', input: shaped(communeAssignment, {}) },
  'chains.below': {
    actor: 'commune',
    input: shaped({ key: 'unitId', own: [COMMUNE], foreign: [SIBLING, DISTRICT, ELSEWHERE, 'kg', 'kg.nowhere'] }, { directiveId: { any: fc.oneof(fc.constant(DIRECTIVE_1119.id), smallText) } }),
  },
  'directives.list': { actor: 'commune', input: malformed },
  'directives.search': {
    actor: 'commune',
    input: shaped(null, {
      query: { any: smallText, broken: fc.constant('ô'.repeat(201)) },
      from: { any: fc.constantFrom('2020-01-01', '2026-12-31'), broken: broken.date },
      to: { any: fc.constantFrom('2020-12-31', '2030-01-01'), broken: broken.date },
      compiledOnly: { any: fc.boolean(), broken: broken.boolean },
      page: { any: fc.integer({ min: 1, max: 50 }), broken: fc.constantFrom(0, -1, 1.5, 10_001, '1', null) },
      pageSize: { any: fc.integer({ min: 1, max: 50 }), broken: fc.constantFrom(0, 51, 1e9, 2.5, '20', null) },
    }),
  },
  // Everyone reads the calendar (only a year outside the lunar tables, or not a year, is refused);
  // a commune chair is no system administrator, so every change is refused, whatever its input.
  'calendar.year': { actor: 'commune', input: fc.oneof(malformed, fc.record({ year: fc.oneof(fc.constantFrom(1899, 2200, 2026.5, '2026', null, -1), smallText) })) },
  'calendar.setYear': {
    actor: 'commune',
    input: fc.oneof(
      malformed,
      fc.record({
        year: fc.integer({ min: 1900, max: 2199 }),
        daysOff: fc.array(fc.oneof(date, broken.date), { maxLength: 5 }),
        workingWeekends: fc.array(date, { maxLength: 2 }),
        source: fc.oneof(fc.constant(null), fc.record({ number: text, date: fc.oneof(date, fc.constant(null)), issuer: text })),
        note: fc.oneof(fc.constant(null), text),
      }),
    ),
  },
  'calendar.addFixedHoliday': {
    actor: 'commune',
    input: fc.oneof(malformed, fc.record({ monthDay: fc.constantFrom('11-24', '02-30', '24/11', ''), fromYear: fc.integer({ min: 1900, max: 2199 }), name: text, basis: text })),
  },
  'directives.overview': { actor: 'commune', input: shaped({ ...directive, foreign: ['kg.2020.9999-ubnd'] }, { unitId: queryText }) },
  'directives.rollup': {
    actor: 'commune',
    input: shaped({ key: 'unitId', own: [], foreign: [SIBLING, DISTRICT, ELSEWHERE, 'kg', 'kg.nowhere'] }, { directiveId: { any: fc.oneof(fc.constant(DIRECTIVE_1119.id), smallText) } }),
  },
  // A reorganisation's decisions are the issuer's: a district chair is refused whatever it sends.
  'reorganisation.pending': { actor: 'district', input: shaped(directive, {}) },
  'reorganisation.decide': {
    actor: 'district',
    input: shaped(directive, {
      basis: { any: text, broken: broken.text(1_000) },
      unitId: { any: fc.oneof(fc.constantFrom(COMMUNE, 'kg.rach-gia.p-vinh-bao', ...JUNK_IDS), smallText) },
      toUnitId: { any: fc.oneof(fc.constantFrom('an-giang.p-rach-gia', COMMUNE, 'kg', ...JUNK_IDS), smallText) },
    }),
  },
  'directives.amendDeadline': { actor: 'district', input: shaped(directive, { reportDate: { any: date }, reason: { any: text } }) },
  'directives.amendAcknowledgement': { actor: 'district', input: shaped(directive, { acknowledgeDate: { any: date }, reason: { any: text } }) },
  'directives.recall': { actor: 'district', input: shaped(directive, { reason: { any: text } }) },
  'directives.endProgressReports': { actor: 'district', input: shaped(directive, { reason: { any: text } }) },
  // Issuing: a commune chair holds an issuing role, so only the input can refuse them here (intake.parse
  // refuses them anyway: nobody below to address).
  'intake.parse': { actor: 'commune', input: malformed },
  'directives.preview': { actor: 'commune', input: malformed },
  // Only its own unit's options (none below it) are the commune's; any other id, or junk, is refused.
  'directives.issueOptions': {
    actor: 'commune',
    input: fc.oneof(malformed, fc.record({ issuerUnitId: fc.oneof(fc.constantFrom(COMMUNE, SIBLING, DISTRICT, ELSEWHERE, ...JUNK_IDS), smallText) }, { requiredKeys: [] })),
  },
  'directives.issue': { actor: 'commune', input: malformed },
  // The commune reads 1119's full text and original; any other id (or junk) is refused.
  'directives.document': { actor: 'commune', input: shaped(unseenDirective, {}) },
  'files.original': { actor: 'commune', input: shaped(unseenDirective, {}) },
  // A commune issued nothing: attaching an original to any directive is refused, whatever the file.
  'directives.attachOriginal': {
    actor: 'commune',
    input: shaped(directive, {
      file: {
        any: fc.oneof(
          fc.record({ name: smallText, base64: fc.constantFrom('JVBERi0xLjQK', '', 'iVBORw0KGgo=', '!!!', 'A'.repeat(2_800_000)) }),
          notAString,
        ),
      },
    }),
  },
  // The commune is neither the coordinator nor the issuer's leadership: every directive id is refused.
  'compiled.report': { actor: 'commune', input: shaped(directive, {}) },
  // Downloads (GET /files/<name>.xlsx or .edxml, the input as query parameters): the same refusals as the figures they lay out.
  'files.compiled': { actor: 'commune', input: shaped(directive, {}) },
  // The edXML package of a directive: the commune issued none, so every id is refused.
  'files.edxml': { actor: 'commune', input: shaped(directive, {}) },
  // A commune reads no report of units below: its district's is above it, its own has nobody below.
  'compiled.unitReport': {
    actor: 'commune',
    input: shaped({ key: 'unitId', own: [], foreign: [COMMUNE, SIBLING, DISTRICT, ELSEWHERE, 'kg', 'kg.nowhere'] }, { directiveId: { any: fc.oneof(fc.constant(DIRECTIVE_1119.id), smallText) } }),
  },
  'files.progress': {
    actor: 'commune',
    input: shaped({ key: 'unitId', own: [], foreign: [COMMUNE, SIBLING, DISTRICT, ELSEWHERE, 'kg', 'kg.nowhere'] }, { directiveId: { any: fc.oneof(fc.constant(DIRECTIVE_1119.id), smallText) } }),
  },
  'trends.rate': {
    actor: 'commune',
    input: shaped({ key: 'unitId', own: [], foreign: [SIBLING, DISTRICT, ELSEWHERE, 'kg', 'kg.nowhere'] }, { directiveId: { any: fc.oneof(fc.constant(DIRECTIVE_1119.id), smallText) } }),
  },
  // A commune chair issues in its commune's name, but nothing of its own is overdue: every urging is refused.
  'urging.draft': { actor: 'commune', input: shaped({ key: 'unitId', own: [], foreign: [SIBLING, DISTRICT, ELSEWHERE, 'kg', ...JUNK_IDS] }, { directiveId: { any: smallText } }) },
  'urging.issue': {
    actor: 'commune',
    input: shaped(
      { key: 'unitId', own: [COMMUNE], foreign: [SIBLING, DISTRICT, ELSEWHERE, 'kg', ...JUNK_IDS] },
      {
        reference: { any: smallText, broken: broken.text(100) },
        subject: { any: text, broken: fc.constantFrom('', '   ', 'x'.repeat(501), null) },
        body: { any: text, broken: fc.constantFrom('', 'ô'.repeat(20_001), null) },
        respondBy: { any: date, broken: broken.date },
        items: {
          any: fc.array(fc.record({ directiveId: fc.constant(DIRECTIVE_1119.id), unitId: fc.constantFrom(COMMUNE, SIBLING, DISTRICT), taskId: fc.constantFrom('t1', 't9') }), { minLength: 1, maxLength: 3 }),
          broken: fc.constantFrom([], null, 'tất cả', [{ directiveId: '', unitId: '', taskId: '' }]),
        },
      },
    ),
  },
  'statistics.tasks': {
    actor: 'commune',
    input: shaped(
      { key: 'unitId', own: [COMMUNE], foreign: [SIBLING, DISTRICT, ELSEWHERE, 'kg', 'kg.nowhere', ...JUNK_IDS] },
      {
        from: { any: date, broken: broken.date },
        to: { any: date, broken: broken.date },
        scope: { any: fc.constantFrom('issued', 'received'), broken: fc.constantFrom('all', '', null, 1) },
        only: { any: fc.oneof(fc.record({ unitId: smallText }), fc.record({ bucket: fc.constantFrom('doneLate', 'noDeadline') })), broken: fc.constantFrom({ bucket: 'late' }, { taskId: 't1' }, 'all', []) },
      },
    ),
  },
  'files.statistics': {
    actor: 'commune',
    input: shaped(
      { key: 'unitId', own: [COMMUNE], foreign: [SIBLING, DISTRICT, ELSEWHERE, 'kg', 'kg.nowhere', ...JUNK_IDS] },
      { from: { any: date, broken: broken.date }, to: { any: date, broken: broken.date } },
    ),
  },
  'reports.submit': {
    actor: 'commune',
    input: shaped(communeAssignment, {
      tasks: {
        any: fc.oneof(fc.constant({ t1: { done: true, note: 'Đã triển khai' } }), fc.dictionary(fc.oneof(smallText, vietnamese), fc.record({ done: fc.boolean() }), { maxKeys: 3 })),
        broken: fc.constantFrom({ t1: { done: 'có' } }, { t99: { done: true } }, { t1: { done: true, note: 'x'.repeat(4_001) } }, [1], 'tất cả', null, { '': { done: true } }),
      },
      figures: { any: fc.oneof(fc.dictionary(fc.oneof(fc.string({ maxLength: 70 }), vietnamese), number, { maxKeys: 4 }), broken.figures), broken: broken.figures },
      narrative: { any: text, broken: broken.longText(10_000) },
      final: { any: fc.oneof(fc.boolean(), broken.boolean), broken: broken.boolean },
      correction: { any: fc.oneof(fc.record({ reason: text }), notAString) },
    }),
  },
  'assignments.requestAdjustment': {
    actor: 'commune',
    input: shaped(communeAssignment, {
      taskId: { any: fc.constantFrom('t1', 't9', 'x'), broken: fc.constantFrom('', 'x'.repeat(65), null, 1) },
      kind: { any: fc.constantFrom('change', 'drop'), broken: fc.constantFrom('delete', '', null) },
      reason: { any: text, broken: broken.text(4_000) },
      proposal: { any: text },
    }),
  },
  // The commune is not the issuer: every decision and every list is refused.
  'assignments.decideAdjustment': {
    actor: 'commune',
    input: shaped(
      { ...communeAssignment, own: [] },
      { number: { any: fc.integer({ min: -2, max: 5 }) }, approve: { any: fc.oneof(fc.boolean(), broken.boolean) }, note: { any: text } },
    ),
  },
  'directives.adjustments': { actor: 'commune', input: shaped(directive, {}) },
  'reports.contributions': { actor: 'commune', input: shaped({ ...communeAssignment, own: [], foreign: [assignment(SIBLING), assignment(ELSEWHERE), assignment('kg')] }, {}) },
  'reports.history': { actor: 'commune', input: shaped({ ...communeAssignment, foreign: [assignment(SIBLING), assignment(ELSEWHERE), assignment('kg')] }, {}) },
  'reports.review': {
    actor: 'district',
    input: shaped(assignerAssignment, {
      version: { any: number, broken: broken.version },
      decision: { any: fc.oneof(fc.constantFrom('accept', 'return'), broken.decision), broken: broken.decision },
      reason: { any: text, broken: broken.longText(2_000) },
    }),
  },
  'escalations.inbox': { actor: 'commune', input: fc.oneof(malformed, fc.record({ includeResolved: fc.oneof(fc.boolean(), broken.boolean) })) },
  // One's own inbox: no target (a foreign directive id filters one's own escalations down to none); each generated call carries a broken field.
  'escalations.list': {
    actor: 'commune',
    input: shaped(null, {
      directiveId: { any: fc.constantFrom(DIRECTIVE_1119.id, 'kg.nope'), broken: fc.oneof(fc.constantFrom('', 'x'.repeat(301)), notAString) },
      state: { any: fc.constantFrom('open', 'handled'), broken: fc.constantFrom('resolved', '', 'OPEN', 1, null) },
      level: { any: fc.constantFrom('parent', 'province'), broken: fc.constantFrom('district', '', null, 2) },
      reason: { any: fc.constantFrom('acknowledge_overdue', 'behind_target'), broken: fc.constantFrom('late', '', null, ['acknowledge_overdue']) },
      offset: { any: fc.integer({ min: 0, max: 100 }), broken: fc.constantFrom(-1, 1.5, 100_001, '0', null, 1e308) },
      limit: { any: fc.integer({ min: 1, max: 50 }), broken: fc.constantFrom(0, 51, -1, 2.5, '20', null, 1e308) },
    }),
  },
  'escalations.markSeen': { actor: 'commune', input: shaped(escalation, {}) },
  'escalations.resolve': { actor: 'district', input: shaped(escalation, {}) },
  // One's own notifications: no target; each generated call carries a broken field (nothing is configured to send through here).
  'notifications.list': { actor: 'commune', input: fc.oneof(malformed, fc.record({ before: fc.oneof(smallText, number), limit: number, unreadOnly: fc.oneof(fc.boolean(), broken.boolean) })) },
  'notifications.live': { actor: 'commune', input: malformed },
  'notifications.markRead': { actor: 'commune', input: shaped(null, { ids: { any: fc.array(fc.constantFrom('1', '2'), { maxLength: 3 }), broken: fc.constantFrom([], ['x'], ['1'.repeat(20)], [-1], null, Array.from({ length: 101 }, () => '1')) } }) },
  'notifications.markAllRead': { actor: 'commune', input: malformed },
  'notifications.preferences': { actor: 'commune', input: malformed },
  'notifications.setPreferences': {
    actor: 'commune',
    input: shaped(null, {
      channels: { any: fc.constant({ task: ['push'], reminder: [], escalation: ['sms'], report: [], request: [] }), broken: fc.constantFrom({ task: ['fax'] }, { task: ['sms', 'sms'], reminder: [], escalation: [], report: [], request: [] }, [], null, 'tất cả') },
      quietHours: { any: fc.constantFrom(null, { from: '21:00', to: '07:00' }), broken: fc.constantFrom({ from: '25:00', to: '07:00' }, { from: '07:00' }, '21-7', 1) },
      digest: { any: fc.constant({ enabled: true, at: '07:30' }), broken: fc.constantFrom({ enabled: 'có', at: '07:30' }, { enabled: true, at: '7h30' }, null, []) },
    }),
  },
  'notifications.channels': { actor: 'commune', input: malformed },
  // Anyone may ask for a reset or try a code: junk, unknown accounts and demo accounts change nothing.
  // A well-formed username is answered alike whatever it names (so it is no hostile input); anything else is refused.
  'session.requestReset': { actor: 'visitor', input: fc.oneof(malformed, fc.record({ username: fc.oneof(broken.text(200), fc.constantFrom('a b', 'ô', '../x', '<script>', "' OR 1=1 --")) })) },
  'session.redeemCode': {
    actor: 'visitor',
    input: shaped(null, { code: { any: fc.oneof(smallText, fc.constant('ABCD-EFGH-JKMN-PQRS')), broken: fc.oneof(fc.constant('x'.repeat(65)), notAString) }, newPassword: { any: text, broken: fc.constantFrom('', null, 7) } }),
  },
  // Administration: a commune's chair administers nothing, whatever it sends.
  'admin.accounts': {
    actor: 'commune',
    input: fc.oneof(malformed, fc.record({ search: smallText, unitId: fc.oneof(smallText, fc.constantFrom(COMMUNE, ELSEWHERE)), role: fc.oneof(smallText, fc.constant('chair')), page: number }, { requiredKeys: [] })),
  },
  'admin.units': { actor: 'commune', input: malformed },
  // Single sign-on's settings and links: a commune's chair keeps none of them, whatever it sends.
  'admin.identityProviders': { actor: 'commune', input: malformed },
  'admin.setIdentityProvider': {
    actor: 'commune',
    input: shaped(
      { key: 'unitId', own: [], foreign: ['kg', COMMUNE, ...JUNK_IDS] },
      {
        issuer: { any: fc.oneof(text, fc.constantFrom('https://sso.example', 'http://evil.example', 'javascript:alert(1)')) },
        clientId: { any: text },
        clientSecretRef: { any: fc.oneof(text, fc.constantFrom('env:SECRET', 'file:/etc/shadow', 'file:/../x', 'hunter2')) },
        passwordSignIn: { any: fc.oneof(fc.boolean(), broken.boolean) },
        linkByVerifiedEmail: { any: fc.oneof(fc.boolean(), broken.boolean) },
      },
    ),
  },
  'admin.removeIdentityProvider': { actor: 'commune', input: shaped({ key: 'unitId', own: [], foreign: ['kg', COMMUNE, ...JUNK_IDS] }, {}) },
  'admin.linkSubject': {
    actor: 'commune',
    input: shaped({ key: 'userId', own: [], foreign: [`u.${COMMUNE}`, `u.${ELSEWHERE}`, ...JUNK_IDS] }, { subject: { any: fc.oneof(text, fc.constant('sub-0001')) } }),
  },
  'admin.subjectLink': { actor: 'commune', input: shaped({ key: 'userId', own: [], foreign: [`u.${COMMUNE}`, `u.${ELSEWHERE}`, ...JUNK_IDS] }, {}) },
  'admin.unlinkSubject': { actor: 'commune', input: shaped({ key: 'userId', own: [], foreign: [`u.${COMMUNE}`, `u.${SIBLING}`, ...JUNK_IDS] }, {}) },
  'files.rosterTemplate': { actor: 'commune', input: malformed },
  // Attachments: ids that are not uuids, or no attachment's; content that is no allowed type, however named.
  'files.attachment': { actor: 'commune', input: fc.oneof(malformed, fc.record({ id: fc.oneof(fc.uuid(), smallText, fc.constantFrom(...JUNK_IDS)) })) },
  'attachments.list': { actor: 'commune', input: shaped({ ...communeAssignment, foreign: [assignment(SIBLING), assignment(ELSEWHERE), assignment('kg')] }, {}) },
  'attachments.remove': { actor: 'commune', input: fc.oneof(malformed, fc.record({ id: fc.oneof(fc.uuid(), smallText) })) },
  'attachments.upload': {
    actor: 'commune',
    input: shaped(communeAssignment, {
      name: { any: fc.oneof(fc.constantFrom('anh.jpg', 'ds.xlsx', '../../etc/passwd', 'a.pdf'), vietnamese), broken: broken.text(200) },
      base64: { any: fc.constantFrom('', 'VMOqbiDEkcSDbmcgbmjhuq1w', 'PGh0bWw+PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='), broken: fc.constantFrom('!!!', null, 12) },
    }),
  },
  'admin.account': { actor: 'commune', input: shaped({ key: 'userId', own: [], foreign: [`u.${COMMUNE}`, `u.${ELSEWHERE}`, ...JUNK_IDS] }, {}) },
  'admin.createAccount': {
    actor: 'commune',
    input: shaped(
      { key: 'unitId', own: [], foreign: [COMMUNE, SIBLING, ELSEWHERE, ...JUNK_IDS] },
      { username: { any: text }, displayName: { any: text }, grants: { any: fc.oneof(fc.constant([{ role: 'system_admin', unitId: COMMUNE }]), notAString) }, email: { any: text } },
    ),
  },
  'admin.updateAccount': {
    actor: 'commune',
    input: shaped(
      { key: 'userId', own: [], foreign: [`u.${COMMUNE}`, `u.${ELSEWHERE}`, ...JUNK_IDS] },
      { displayName: { any: text }, unitId: { any: fc.oneof(smallText, fc.constant(COMMUNE)) }, grants: { any: fc.oneof(fc.constant([{ role: 'chair', unitId: COMMUNE }]), notAString) }, email: { any: text } },
    ),
  },
  'admin.deactivate': { actor: 'commune', input: shaped({ key: 'userId', own: [], foreign: [`u.${COMMUNE}`, `u.${SIBLING}`, ...JUNK_IDS] }, {}) },
  'admin.reactivate': { actor: 'commune', input: shaped({ key: 'userId', own: [], foreign: [`u.${COMMUNE}`, `u.${SIBLING}`, ...JUNK_IDS] }, {}) },
  'admin.sendCode': {
    actor: 'commune',
    input: shaped({ key: 'userId', own: [], foreign: [`u.${COMMUNE}`, `u.${SIBLING}`, ...JUNK_IDS] }, { delivery: { any: fc.oneof(fc.constantFrom('email', 'sheet'), smallText) } }),
  },
  // A province's settings: a commune's chair keeps none, whatever it names or sends.
  'admin.settings': { actor: 'commune', input: fc.oneof(malformed, fc.record({ provinceId: fc.oneof(smallText, fc.constantFrom('kg', COMMUNE, ...JUNK_IDS)) }, { requiredKeys: [] })) },
  'admin.updateSettings': {
    actor: 'commune',
    input: shaped(
      { key: 'provinceId', own: [], foreign: ['kg', COMMUNE, DISTRICT, ...JUNK_IDS] },
      {
        version: { any: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 1.5, '1', null)) },
        settings: {
          any: fc.oneof(
            fc.constant({
              acknowledgeWorkingDays: 1,
              reminders: { atHalf: true, atThreeQuarters: true, dayBefore: true },
              escalation: { parentAfterWorkingDays: 1, provinceAfterWorkingDays: 2 },
              extensionsCloseWorkingDays: 3,
              quietHours: { from: '21:00', to: '07:00' },
              beforeDate: 'exclusive',
              reportRegime: { type: 'monthly', cutOffDay: 14, dueDay: 20 },
            }),
            fc.constantFrom({ acknowledgeWorkingDays: 400 }, { beforeDate: 'lenient' }, { quietHours: { from: '25:00', to: '07:00' } }, [], null),
            fc.anything({ maxDepth: 3 }),
          ),
        },
      },
    ),
  },
  'admin.importPreview': {
    actor: 'commune',
    input: shaped(null, { file: { any: fc.oneof(fc.record({ name: fc.constantFrom('ds.csv', 'ds.xlsx', 'ds.pdf'), base64: fc.constantFrom('', 'VMOqbiDEkcSDbmcgbmjhuq1w', '!!!') }), notAString), broken: notAString } }),
  },
  'admin.importApply': {
    actor: 'commune',
    input: shaped(null, {
      file: { any: fc.oneof(fc.record({ name: fc.constantFrom('ds.csv', 'ds.xlsx'), base64: fc.constantFrom('', 'VMOqbiDEkcSDbmcgbmjhuq1w') }), notAString), broken: notAString },
      delivery: { any: fc.constantFrom('email', 'sheet'), broken: fc.constantFrom('fax', '', null) },
    }),
  },
  // Units: a commune's chair administers none, whatever change it sends (renames, mergers and splits of real and made-up units).
  'units.tree': { actor: 'commune', input: malformed },
  'units.preview': { actor: 'commune', input: unitChange },
  'units.applyChange': { actor: 'commune', input: unitChange },
  'notifications.contacts': { actor: 'commune', input: malformed },
  'notifications.requestCode': {
    actor: 'commune',
    input: shaped(null, {
      channel: { any: fc.constantFrom('email', 'sms', 'zalo'), broken: fc.constantFrom('fax', 'push', '', null) },
      address: { any: fc.oneof(smallText, fc.constantFrom('chu.tich@example.vn', '0912345678')), broken: fc.oneof(fc.constantFrom('a@', 'x'.repeat(255), '', 'a@b.c\r\nBcc: x@y.z'), notAString) },
    }),
  },
  'notifications.verifyContact': {
    actor: 'commune',
    input: shaped(null, { channel: { any: fc.constantFrom('email', 'sms', 'zalo'), broken: fc.constantFrom('fax', '', null) }, code: { any: fc.constantFrom('123456', '000000'), broken: fc.constantFrom('12', 'abcdef', '1'.repeat(9), null, 123456) } }),
  },
  'notifications.removeContact': { actor: 'commune', input: shaped(null, { channel: { any: fc.constantFrom('email', 'sms', 'zalo'), broken: fc.constantFrom('fax', '', null, 1) } }) },
  'notifications.subscribePush': {
    actor: 'commune',
    input: shaped(null, {
      endpoint: { any: fc.constantFrom('https://push.example.vn/a'), broken: fc.constantFrom('javascript:alert(1)', 'ftp://x', '', 'https://' + 'a'.repeat(2100), null) },
      keys: { any: fc.constant({ p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) }), broken: fc.constantFrom({ p256dh: '', auth: '' }, { p256dh: 'B'.repeat(87) }, null, 'keys') },
    }),
  },
  'notifications.unsubscribePush': { actor: 'commune', input: shaped(null, { endpoint: { any: fc.constantFrom('https://push.example.vn/a'), broken: fc.constantFrom('', 'not a url', null, 1) } }) },
  'notifications.deliveries': { actor: 'commune', input: fc.oneof(malformed, fc.record({ before: fc.oneof(smallText, number), limit: number })) },
  'notifications.allDeliveries': { actor: 'commune', input: fc.oneof(malformed, fc.record({ state: fc.oneof(smallText, fc.constant('failed')) })) },
};

// ---- what must not change -----------------------------------------------------------------------

/**
 * A checksum of every table. Left out, with reasons: the migrations table; sign_in_attempt, where
 * each refused sign-in is recorded on purpose (the throttle counts them); and the session's
 * last-seen time, which every request moves.
 */
async function databaseChecksum(): Promise<Record<string, string>> {
  const tables = await harness.db.prisma.$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const sums: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    if (table === '_prisma_migrations' || table === 'sign_in_attempt') continue;
    const source = table === 'user_session' ? 'SELECT id, token_hash, csrf_hash, user_id, created_at, address, user_agent FROM user_session' : `SELECT * FROM "${table}"`;
    const [row] = await harness.db.prisma.$queryRawUnsafe<Array<{ n: number; sum: string }>>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM (${source}) t`,
    );
    sums[table] = `${row!.n}:${row!.sum}`;
  }
  return sums;
}

const WATCHED = [COMMUNE, SIBLING, DISTRICT, ELSEWHERE, 'kg.ha-tien'].map(assignment).concat(directiveWorkflowId(DIRECTIVE_1119.id));

/** How many workflows exist, and how long the history of each one the inputs aim at is. */
async function temporalState() {
  const client = harness.env.client;
  const histories: Record<string, number> = {};
  for (const id of WATCHED) histories[id] = (await client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0;
  return { workflows: (await client.workflow.count()).count, histories };
}

/**
 * The harness waits until every assignment is in the read model; a workflow may still be planning
 * its alarms then (a busy machine shows it). Compare only once the watched ones are idle: no
 * workflow task and no activity pending.
 */
async function watchedIdle(): Promise<void> {
  await eventually(async () => {
    for (const id of WATCHED) {
      const { raw } = await harness.env.client.workflow.getHandle(id).describe();
      if (raw.pendingWorkflowTask || (raw.pendingActivities?.length ?? 0) > 0) throw new Error(`${id} is still busy`);
    }
  });
}

beforeAll(async () => {
  harness = await startEngineHarness('hostile-test');
  // Limits high enough for the run: the limiter has tests of its own in http.test.ts.
  server = createHttpServer({
    context: harness.deps,
    cookies: { secure: 'auto', trustProxy: false },
    rateLimits: { perSession: { burst: 10_000, perMinute: 10_000 }, perAddress: { burst: 10_000, perMinute: 10_000 } },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browsers.commune = await new Browser().signIn(COMMUNE);
  browsers.district = await new Browser().signIn(DISTRICT);
  browsers.visitor = new Browser();
  await browsers.visitor.call('query', 'session.me', undefined);
  await watchedIdle();
});

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await harness?.stop();
});

interface Outcome {
  readonly status: number;
  readonly domainCode: string | null;
  readonly text: string;
}

async function send(type: 'query' | 'mutation' | 'file', path: string, actor: Actor, input: unknown): Promise<Outcome> {
  if (type === 'file') {
    const response = await browsers[actor].file(path.slice('files.'.length), input);
    return { status: response.status, domainCode: response.headers.get('x-domain-code'), text: await response.text() };
  }
  const response = await browsers[actor].call(type, path, input);
  const text = await response.text();
  let domainCode: string | null = null;
  try {
    domainCode = (JSON.parse(text) as { error?: { data?: { domainCode?: string | null } } }).error?.data?.domainCode ?? null;
  } catch {
    // not JSON: the assertion below shows the text
  }
  return { status: response.status, domainCode, text };
}

/** Mutations that take no input: whatever they are sent, they run (and change nothing here). */
const INPUTLESS_MUTATIONS = new Set(['session.signOut', 'notifications.markAllRead']);

describe('hostile input', () => {
  const procedures = [
    ...Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' } }>),
    // The downloads are procedures too, reached by a plain GET of their own (files.ts).
    ...FILE_NAMES.map((name) => [`files.${name}`, { _def: { type: 'file' as const } }] as const),
  ];

  it('has a generator for every procedure', () => {
    expect(Object.keys(SPECS).sort()).toEqual(procedures.map(([path]) => path).sort());
  });

  it('gets a typed 4xx for every hostile call, and changes nothing in the database or in Temporal', async () => {
    const [dbBefore, temporalBefore] = [await databaseChecksum(), await temporalState()];
    const seen = new Map<string, Set<string>>();
    for (const [path, procedure] of procedures) {
      const spec = SPECS[path];
      if (!spec) continue;
      const type = procedure._def.type;
      // A subscription is an event stream, not a call: its (no) input is checked by the authorization matrix.
      if ((type as string) === 'subscription') continue;
      await fc.assert(
        fc.asyncProperty(spec.input, async (input) => {
          const outcome = await send(type, path, spec.actor, input);
          const codes = seen.get(path) ?? new Set<string>();
          seen.set(path, codes.add(`${outcome.status} ${outcome.domainCode}`));
          // Never a server fault, never a stack trace.
          expect(outcome.status, `${path} ${outcome.text.slice(0, 400)}`).toBeLessThan(500);
          expect(showsStackFrame(outcome.text), outcome.text.slice(0, 400)).toBe(false);
          // Procedures without input ignore what they are sent; any other answer is a typed refusal.
          if (outcome.status !== 200) {
            expect(outcome.status).toBeGreaterThanOrEqual(400);
            expect(outcome.domainCode, `${path} ${outcome.text.slice(0, 400)}`).not.toBeNull();
          } else {
            expect(type !== 'mutation' || INPUTLESS_MUTATIONS.has(path), `${path} accepted ${JSON.stringify(input)?.slice(0, 300)}`).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
    }
    expect(await databaseChecksum()).toEqual(dbBefore);
    expect(await temporalState()).toEqual(temporalBefore);
    // The sessions are still usable: nothing above signed anyone out or in.
    expect((await send('query', 'session.me', 'commune', undefined)).text).toContain(`u.${COMMUNE}`);
    // What the refusals were, for whoever reads the run.
    console.info([...seen].map(([path, codes]) => `${path}: ${[...codes].join(', ')}`).join('\n'));
  }, LIMIT_MS);

  it('refuses well-formed but impossible dates with otherwise valid input, before any effect', async () => {
    const [dbBefore, temporalBefore] = [await databaseChecksum(), await temporalState()];
    const impossible = fc.constantFrom('2026-02-30', '2026-04-31', '2025-13-01', '2025-00-10', '0000-00-00', '2023-02-29');
    await fc.assert(
      fc.asyncProperty(impossible, vietnamese, async (day, words) => {
        const calls: Array<[string, Actor, unknown]> = [
          ['assignments.requestExtension', 'commune', { assignmentId: assignment(COMMUNE), reason: words, proposedDate: day }],
          ['assignments.setChildDeadline', 'district', { assignmentId: assignment(DISTRICT), reportDate: day, instructions: words }],
          ['assignments.forward', 'district', { assignmentId: assignment(DISTRICT), units: 'all', reportDate: day, instructions: words }],
        ];
        for (const [path, actor, input] of calls) {
          const outcome = await send('mutation', path, actor, input);
          expect({ path, day, status: outcome.status, domainCode: outcome.domainCode }).toEqual({ path, day, status: 400, domainCode: 'INVALID_INPUT' });
        }
      }),
      { numRuns: 10 },
    );
    expect(await databaseChecksum()).toEqual(dbBefore);
    expect(await temporalState()).toEqual(temporalBefore);
  }, LIMIT_MS);
});

describe('hostile documents', () => {
  /** A .docx uploaded to intake.parse by the district's chair (who may issue), as the web app sends it. */
  const upload = (name: string, bytes: Buffer) => send('mutation', 'intake.parse', 'district', { file: { name, base64: bytes.toString('base64') } });

  it('refuses each document built to hurt the reader, typed, while the server keeps answering', async () => {
    // What each must be refused as; a heavy but small document is too large or too complex by which
    // budget it exhausts first (its text's length, or the thread's heap), both typed.
    const documents: Array<[string, Buffer, string | string[]]> = [
      ['a compressed-XML bomb (200 MiB of XML in ~200 KB)', docxBomb(200), 'DOCUMENT_TOO_LARGE'],
      ['the same bomb, lying about its size', docxBomb(200, { lie: true }), 'DOCUMENT_TOO_LARGE'],
      ['entity expansion (the billion laughs)', docxEntityExpansion(), 'DOCUMENT_TOO_COMPLEX'],
      ['XML nested 100,000 deep', docxDeeplyNested(100_000), 'DOCUMENT_TOO_COMPLEX'],
      ['1,200 parts', docxManyParts(1_200), 'DOCUMENT_TOO_COMPLEX'],
      ['150,000 paragraphs', docxManyParagraphs(150_000), ['DOCUMENT_TOO_LARGE', 'DOCUMENT_TOO_COMPLEX']],
    ];
    const timings: string[] = [];
    for (const [what, bytes, code] of documents) {
      const started = Date.now();
      // The server's own event loop answers while the document is being read.
      const [outcome, health] = await Promise.all([upload('bomb.docx', bytes), fetch(`${base}/healthz`)]);
      timings.push(`${what}: ${outcome.status} ${outcome.domainCode} in ${Date.now() - started} ms (${Math.round(bytes.length / 1024)} KB)`);
      expect({ what, status: outcome.status }).toEqual({ what, status: 400 });
      expect([code].flat(), what).toContain(outcome.domainCode);
      expect(health.status).toBe(200);
    }
    // And reads a real dispatch afterwards.
    const seed = await upload('1119.docx', readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.docx')));
    expect(seed.status, seed.text.slice(0, 300)).toBe(200);
    console.info(timings.join('\n'));
  }, LIMIT_MS);

  it('refuses a PDF or a picture built to hurt the reader, typed, while the server keeps answering', async () => {
    const documents: Array<[string, string, Buffer, string]> = [
      ['a PDF of 500 pages', 'many.pdf', await pdfOfPages(500), 'DOCUMENT_TOO_COMPLEX'],
      ['a damaged PDF', 'broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF'), 'UNSUPPORTED_FILE'],
      ['a PNG claiming 100,000 × 100,000 pixels', 'bomb.png', pngClaiming(100_000, 100_000), 'DOCUMENT_TOO_LARGE'],
      ['a .jpg that is no picture', 'scan.jpg', Buffer.from('Số: 1119/UBND-KGVX'), 'UNSUPPORTED_FILE'],
    ];
    for (const [what, name, bytes, code] of documents) {
      const [outcome, health] = await Promise.all([upload(name, bytes), fetch(`${base}/healthz`)]);
      expect({ what, status: outcome.status, code: outcome.domainCode }).toEqual({ what, status: 400, code });
      expect(health.status).toBe(200);
    }
  }, LIMIT_MS);

  it('refuses an edXML package built to hurt the reader, typed, while the server keeps answering', async () => {
    const fixture = (name: string) => readFileSync(join(FIXTURES_DIR, name));
    const documents: Array<[string, string, Buffer, string]> = [
      ['the billion laughs in a DTD', 'laughs.edxml', fixture('hostile-billion-laughs.edxml'), 'DOCUMENT_TOO_COMPLEX'],
      ['an external entity naming /etc/passwd', 'xxe.xml', fixture('hostile-external-entity.edxml'), 'DOCUMENT_TOO_COMPLEX'],
      ['an unclosed MessageHeader', 'broken.edxml', fixture('hostile-malformed.edxml'), 'UNSUPPORTED_FILE'],
      ['XML nested 30,000 deep', 'deep.edxml', edxmlDeeplyNested(30_000), 'DOCUMENT_TOO_COMPLEX'],
      ['60,000 elements', 'many.edxml', edxmlManyElements(60_000), 'DOCUMENT_TOO_COMPLEX'],
      ['100 attachments', 'attachments.edxml', edxmlAttachments(100, 10), 'DOCUMENT_TOO_COMPLEX'],
      ['an attachment of 1.1 MB', 'big.edxml', edxmlAttachments(1, 1_100_000), 'DOCUMENT_TOO_LARGE'],
    ];
    for (const [what, name, bytes, code] of documents) {
      const [outcome, health] = await Promise.all([upload(name, bytes), fetch(`${base}/healthz`)]);
      expect({ what, status: outcome.status, code: outcome.domainCode }).toEqual({ what, status: 400, code });
      expect(health.status).toBe(200);
    }
    const seed = await upload('1119.edxml', fixture('cong-van-1119-UBND-KGVX.edxml'));
    expect(seed.status, seed.text.slice(0, 300)).toBe(200);
  }, LIMIT_MS);
});
