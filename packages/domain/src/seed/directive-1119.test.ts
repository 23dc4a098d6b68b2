/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planAssignments, roleOf, type PlannedAssignment } from '../directive';
import { validateMetricDefs } from '../reports';
import { buildHierarchy, getUnit } from '../hierarchy';
import { DIRECTIVE_1119 } from './directive-1119';
import { KG, KIEN_GIANG_ID, KIEN_GIANG_SCHEME, kienGiangUnits } from './kien-giang-2020';

const SOURCE = readFileSync(new URL('./fixtures/cong-van-1119-UBND-KGVX.txt', import.meta.url), 'utf8');
const norm = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** "- …" lines of the dispatch between two markers, as written. */
function bulletsBetween(start: string, end: string): string[] {
  const from = SOURCE.indexOf(start);
  const to = SOURCE.indexOf(end, from);
  expect(from).toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  return SOURCE.slice(from + start.length, to)
    .split(/\r?\n/)
    .filter((line) => line.startsWith('- '))
    .map((line) => norm(line.slice(2)));
}

const units = kienGiangUnits();
const h = buildHierarchy(KIEN_GIANG_SCHEME, units);
const plan = planAssignments(h, DIRECTIVE_1119);
const byUnit = new Map<string, PlannedAssignment>(plan.map((a) => [a.unitId, a]));

function assignmentOf(unitId: string): PlannedAssignment {
  const a = byUnit.get(unitId);
  if (!a) throw new Error(`no assignment for ${unitId}`);
  return a;
}

describe('DIRECTIVE_1119 matches dispatch 1119/UBND-KGVX', () => {
  it('has the derived id, reference, dates and signer of the dispatch', () => {
    expect(DIRECTIVE_1119.id).toBe('kg.2020.1119-ubnd-kgvx');
    expect(DIRECTIVE_1119.reference).toBe('1119/UBND-KGVX');
    expect(norm(SOURCE)).toContain('Số: 1119 /UBND-KGVX');
    expect(DIRECTIVE_1119.issuerUnitId).toBe(KIEN_GIANG_ID);
    expect(DIRECTIVE_1119.date).toBe('2020-08-19');
    expect(norm(SOURCE)).toContain('Kiên Giang, ngày 19 tháng 8 năm 2020');
    expect(norm(SOURCE)).toContain(norm(DIRECTIVE_1119.subject));
    expect(DIRECTIVE_1119.signer.name).toBe('Lâm Minh Thành');
    expect(DIRECTIVE_1119.urgency).toBeNull();
  });

  it('has the four recipient lines of "Kính gửi", in order', () => {
    const lines = bulletsBetween('Kính gửi:', 'Thực hiện ý kiến');
    expect(lines).toHaveLength(4);
    expect(DIRECTIVE_1119.recipients.map((r) => norm(r.text))).toEqual(lines);
  });

  it('has the nine task bullets of the dispatch, in order', () => {
    const bullets = bulletsBetween('thực hiện tốt các nội dung như sau:', 'Nhận được Công văn này');
    expect(bullets).toHaveLength(9);
    expect(DIRECTIVE_1119.tasks.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
    DIRECTIVE_1119.tasks.forEach((task, i) => {
      expect(norm(task.text), task.id).toBe(bullets[i]);
    });
  });

  it('has the 60% target by 20/8/2020 and Sở TT&TT reporting before 24/8/2020', () => {
    expect(DIRECTIVE_1119.targets).toHaveLength(1);
    const [target] = DIRECTIVE_1119.targets;
    expect(target).toMatchObject({ value: 60, unit: 'percent', due: '2020-08-20' });
    expect(norm(SOURCE)).toContain(norm(target!.text));
    expect(DIRECTIVE_1119.deadlines).toHaveLength(1);
    const [deadline] = DIRECTIVE_1119.deadlines;
    expect(deadline!.due).toBe('2020-08-24');
    expect(deadline!.owers).toEqual({ type: 'units', unitIds: [KG.soTTTT] });
    expect(norm(SOURCE)).toContain(norm(deadline!.text));
    expect(DIRECTIVE_1119.coordinatorUnitId).toBe(KG.soTTTT);
  });

  it('names only units that exist in the Kiên Giang seed', () => {
    const groups = [
      ...DIRECTIVE_1119.recipients.map((r) => r.group),
      ...DIRECTIVE_1119.tasks.flatMap((t) => t.assignees),
      ...DIRECTIVE_1119.deadlines.flatMap((d) => (d.owers ? [d.owers] : [])),
    ];
    for (const g of groups) if (g.type === 'units') for (const id of g.unitIds) expect(() => getUnit(h, id)).not.toThrow();
    if (DIRECTIVE_1119.coordinatorUnitId !== null) expect(() => getUnit(h, DIRECTIVE_1119.coordinatorUnitId!)).not.toThrow();
  });
});

describe('DIRECTIVE_1119 metrics, roles and key-task flag', () => {
  it('asks for installs (cumulative) and the two populations the dispatch measures them against', () => {
    expect(DIRECTIVE_1119.metrics).toEqual([
      expect.objectContaining({ key: 'installs', cumulative: true }),
      expect.objectContaining({ key: 'adults15to60', cumulative: false }),
      expect.objectContaining({ key: 'smartphoneUsers', cumulative: false }),
    ]);
    expect(DIRECTIVE_1119.rates).toEqual([
      expect.objectContaining({ key: 'installRateAdults', numerator: 'installs', denominator: 'adults15to60' }),
      expect.objectContaining({ key: 'installRateSmartphone', numerator: 'installs', denominator: 'smartphoneUsers', targetPercent: 60 }),
    ]);
    expect(DIRECTIVE_1119.rates![0]!.targetPercent).toBeUndefined();
    // The rate target matches the dispatch's target.
    expect(DIRECTIVE_1119.targets[0]!.value).toBe(DIRECTIVE_1119.rates![1]!.targetPercent);
    expect(() => validateMetricDefs(DIRECTIVE_1119.metrics!, DIRECTIVE_1119.rates!)).not.toThrow();
  });

  it('is a key task', () => {
    expect(DIRECTIVE_1119.keyTask).toBe(true);
  });

  it('has Đài PT-TH and Báo Kiên Giang cooperating on bullet 8, which Sở TT&TT leads', () => {
    for (const id of [KG.daiPTTH, KG.baoKienGiang]) {
      expect(roleOf(DIRECTIVE_1119, id, 't8'), id).toBe('cooperating');
      // They lead bullet 1 for their own staff, and so their assignment as a whole.
      expect(roleOf(DIRECTIVE_1119, id, 't1'), id).toBe('lead');
      expect(roleOf(DIRECTIVE_1119, id), id).toBe('lead');
    }
    expect(roleOf(DIRECTIVE_1119, KG.soTTTT, 't8')).toBe('lead');
    expect(norm(DIRECTIVE_1119.tasks[7]!.text)).toContain('phối hợp Đài Phát thanh và Truyền hình tỉnh, Báo Kiên Giang');
  });
});

describe('planAssignments for DIRECTIVE_1119', () => {
  const districts = units.filter((u) => u.level === 'district');
  const communes = units.filter((u) => u.level === 'commune');
  const provincial = units.filter((u) => u.level === 'province' && u.id !== KIEN_GIANG_ID);

  it('gives every addressed unit exactly one assignment, and the issuer none', () => {
    expect(new Set(plan.map((a) => a.unitId)).size).toBe(plan.length);
    expect(byUnit.has(KIEN_GIANG_ID)).toBe(false);
    for (const u of [...districts, ...communes, ...provincial]) expect(byUnit.has(u.id), u.id).toBe(true);
    expect(plan.filter((a) => getUnit(h, a.unitId).level === 'district')).toHaveLength(15);
    expect(plan.filter((a) => getUnit(h, a.unitId).level === 'commune')).toHaveLength(145);
    // Everyone but the issuer is addressed by this dispatch.
    expect(plan).toHaveLength(units.length - 1);
  });

  it('delivers each commune through its district; districts and provincial agencies come directly', () => {
    for (const c of communes) expect(assignmentOf(c.id).parentUnitId, c.id).toBe(c.parentId);
    for (const u of [...districts, ...provincial]) expect(assignmentOf(u.id).parentUnitId, u.id).toBeNull();
  });

  it('orders parents before their children', () => {
    const position = new Map(plan.map((a, i) => [a.unitId, i]));
    for (const [i, a] of plan.entries()) {
      if (a.parentUnitId === null) continue;
      const parentAt = position.get(a.parentUnitId);
      expect(parentAt, a.unitId).toBeDefined();
      expect(parentAt!, a.unitId).toBeLessThan(i);
    }
  });

  it('gives each unit the tasks the dispatch aims at it', () => {
    for (const c of communes) expect(assignmentOf(c.id).taskIds, c.id).toEqual(['t1']);
    for (const d of districts) expect(assignmentOf(d.id).taskIds, d.id).toEqual(['t1', 't9']);
    expect(assignmentOf(KG.soTTTT).taskIds).toEqual(['t1', 't8']);
    expect(assignmentOf(KG.daiPTTH).taskIds).toEqual(['t1', 't8']);
    expect(assignmentOf(KG.baoKienGiang).taskIds).toEqual(['t1', 't8']);
    expect(assignmentOf(KG.soGDDT).taskIds).toEqual(['t1', 't4']);
    expect(assignmentOf(KG.soGTVT).taskIds).toEqual(['t1', 't5']);
    expect(assignmentOf(KG.soDuLich).taskIds).toEqual(['t1', 't6']);
    expect(assignmentOf(KG.bqlKCN).taskIds).toEqual(['t1', 't7']);
    expect(assignmentOf(KG.hiepHoiDN).taskIds).toEqual(['t2']);
    for (const id of [KG.tinhDoan, KG.ldld, KG.hoiLHPN, KG.hoiNongDan]) expect(assignmentOf(id).taskIds, id).toEqual(['t1', 't3']);
    // Departments the bullets do not name still get the general bullet.
    const named = new Set<string>(Object.values(KG));
    for (const u of provincial) {
      if (named.has(u.id)) continue;
      expect(assignmentOf(u.id).taskIds, u.id).toEqual(['t1']);
    }
  });

  it('leaves no task without an assignee and no assignment without a task', () => {
    for (const task of DIRECTIVE_1119.tasks) expect(plan.some((a) => a.taskIds.includes(task.id)), task.id).toBe(true);
    for (const a of plan) expect(a.taskIds.length, a.unitId).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(planAssignments(h, DIRECTIVE_1119)).toEqual(plan);
  });
});
