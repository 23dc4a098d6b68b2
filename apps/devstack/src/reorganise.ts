import { provinceUnits2025, successionOf, type OfficialLists2025 } from '@chidao/admin-units';
import { ancestorsOf, descendantsOf, getUnit, type Hierarchy, type ReorganisationPlan, type Succession } from '@chidao/domain';

/**
 * `npm run reorganise -- <directive id> --into <province code> [--basis "…"] [--old-codes FROM-TO] [--apply]`:
 * a running directive of a province of the old map carried into a province of the map of 1/7/2025.
 * Without --apply it only prints the plan (what moves where, what waits for the issuer, which
 * assignments end); with it, the plan is carried out (applyReorganisation) and the open decisions
 * wait on the directive's page.
 */

export const REORGANISE_USAGE = `usage: npm run reorganise -- <directive id> --into <province code of 1/7/2025> [--basis "<resolution, effective date>"] [--old-codes FROM-TO] [--apply]
  Prints the plan; with --apply (and --basis) carries it out. --old-codes: the old province's block of
  commune codes, to tell apart communes of the same name (else those wait for the issuer).`;

export interface ReorganiseArgs {
  readonly directiveId: string;
  readonly into: string;
  readonly basis: string | null;
  readonly oldCodes: { readonly from: string; readonly to: string } | null;
  readonly apply: boolean;
}

export function parseReorganiseArgs(argv: readonly string[]): ReorganiseArgs {
  const fail = (why: string): never => {
    throw new Error(`${why}\n${REORGANISE_USAGE}`);
  };
  const value = (flag: string): string | null => {
    const at = argv.indexOf(flag);
    if (at < 0) return null;
    const next = argv[at + 1];
    return next === undefined || next.startsWith('--') ? fail(`${flag} needs a value`) : next.trim();
  };
  const flags = new Set(['--into', '--basis', '--old-codes']);
  const positional = argv.filter((a, i) => !a.startsWith('--') && !flags.has(argv[i - 1] ?? ''));
  const unknown = argv.find((a) => a.startsWith('--') && !flags.has(a) && a !== '--apply');
  if (unknown) fail(`unknown option ${unknown}`);
  if (positional.length !== 1) fail('name one directive');
  const into = value('--into') ?? fail('--into is required');
  if (!/^\d{2}$/.test(into)) fail(`--into ${into}: a province code has two digits (91: An Giang)`);
  const range = value('--old-codes');
  const oldCodes = range === null ? null : /^(\d{5})-(\d{5})$/.exec(range);
  if (range !== null && !oldCodes) fail(`--old-codes ${range}: two five-digit codes, FROM-TO`);
  const basis = value('--basis');
  const apply = argv.includes('--apply');
  if (apply && !basis) fail('--apply needs --basis: the resolution and its effective date, the reason every ended assignment records');
  return { directiveId: positional[0]!, into, basis, oldCodes: oldCodes ? { from: oldCodes[1]!, to: oldCodes[2]! } : null, apply };
}

/**
 * Where the units of the issuer's province went, from the official lists: the old units are those of
 * the directive's issuing province as the database holds them; the new province must be seeded
 * (`npm run units -- <code>`), since its units take over the tasks.
 */
export function successionFor(hierarchy: Hierarchy, issuerUnitId: string, args: Pick<ReorganiseArgs, 'into' | 'oldCodes'>, lists: OfficialLists2025): Succession[] {
  const merge = lists.merges.get(args.into);
  if (!merge) throw new Error(`No province with code ${args.into} in the map of 1/7/2025`);
  const newUnits = provinceUnits2025(args.into, { lists });
  const missing = newUnits.filter((u) => !hierarchy.units.has(u.id));
  if (missing.length > 0) throw new Error(`${missing.length} units of province ${args.into} are not in the database: run \`npm run units -- ${args.into}\` first`);
  const root = ancestorsOf(hierarchy, issuerUnitId).at(-1) ?? getUnit(hierarchy, issuerUnitId);
  const oldUnits = [root, ...descendantsOf(hierarchy, root.id)];
  return successionOf(oldUnits, merge, newUnits, args.oldCodes ? { oldCodes: args.oldCodes } : {});
}

const REASONS: Record<string, string> = {
  split: 'chia cho nhiều đơn vị mới, hoặc chỉ một phần',
  'not-listed': 'không có trong danh sách trước 01/7/2025 dưới tên này',
  ambiguous: 'tên trùng với đơn vị khác trong danh sách',
  'parents-differ': 'các đơn vị hợp thành báo cáo lên các nơi khác nhau',
  'target-holds': 'đơn vị mới đã có nhiệm vụ này',
};

/** The plan in words, as the command prints it (Vietnamese, as the province's officials read it). */
export function describePlan(plan: ReorganisationPlan, nameOf: (unitId: string) => string): string {
  const list = (ids: readonly string[]) => ids.map(nameOf).join(', ');
  const figures = (f: Readonly<Record<string, number>> | null) => (f ? ` — số liệu cộng: ${Object.entries(f).map(([k, v]) => `${k} ${v.toLocaleString('vi-VN')}`).join(', ')}` : '');
  return [
    `Đơn vị mới nhận nhiệm vụ: ${plan.successors.length}`,
    ...plan.successors.map((s) => `  ${nameOf(s.unitId)} ← ${s.from.length} đơn vị: ${list(s.from)}${figures(s.figures)}`),
    ...(plan.joins.length > 0 ? [`Nhập thêm vào đơn vị mới đã nhận: ${plan.joins.length}`, ...plan.joins.map((j) => `  ${nameOf(j.unitId)} ← ${list(j.from)}${figures(j.figures)}`)] : []),
    `Chờ cơ quan ban hành quyết định: ${plan.decisions.length}`,
    ...plan.decisions.map((d) => `  ${nameOf(d.unitId)}: ${REASONS[d.reason] ?? d.reason}${d.candidates.length > 0 ? ` (${d.candidates.map(nameOf).join(', ')})` : ''}`),
    `Kết thúc (đơn vị không còn): ${plan.ending.length}${plan.ending.length > 0 ? ` — ${list(plan.ending)}` : ''}`,
    ...(plan.waiting.length > 0 ? [`Còn chờ quyết định bên dưới: ${list(plan.waiting)}`] : []),
    '',
  ].join('\n');
}
