import { addDays, daysBetween } from '@luoshi/domain/calendar';
import { DEMO_PUBLISHED_DAYS_AGO, demoShiftDays, planDemo, SAMPLE_ISSUE_DATE, SHOWCASE_UNIT, type PlanTask } from './demo-plan';

const TODAY = '2026-06-17';
const TEXTS = { progress: 8, extension: 3 };

/** The compendium's shape: a few deadlines before publication, a few around today, most at the year's end (moved), some ongoing. */
function tasks(today: string): PlanTask[] {
  const shift = demoShiftDays(today);
  const due = (iso: string) => addDays(iso, shift);
  const units = ['区发展改革局', '区工业和信息化局', '区税务局', '区商务局', '区民政局', '区交通运输局'];
  const deadlines = [
    ...Array(10).fill('2022-01-31'),
    ...Array(6).fill('2022-03-31'),
    ...Array(2).fill('2022-04-30'),
    ...Array(2).fill('2022-06-30'),
    '2022-07-31',
    ...Array(150).fill('2022-12-31'),
    ...Array(4).fill(null),
  ];
  return deadlines.map((d, i) => ({
    id: `task-${i}`,
    dueDate: d === null ? null : due(d),
    leadUnitId: `unit-${i % units.length}`,
    leadUnitName: units[i % units.length],
    coUnitIds: i % 3 === 0 ? [`unit-${(i + 1) % units.length}`] : [],
  }));
}

describe('planDemo', () => {
  it('moves the sample so that it is published DEMO_PUBLISHED_DAYS_AGO days before today', () => {
    const plan = planDemo(tasks(TODAY), TODAY, 5, TEXTS);
    expect(plan.publishOn).toBe(addDays(TODAY, -DEMO_PUBLISHED_DAYS_AGO));
    expect(addDays(SAMPLE_ISSUE_DATE, plan.shiftDays)).toBe(addDays(plan.publishOn, -3));
  });

  it('is deterministic: the same tasks and today give the same plan', () => {
    expect(planDemo(tasks(TODAY), TODAY, 5, TEXTS)).toEqual(planDemo(tasks(TODAY), TODAY, 5, TEXTS));
  });

  it('spreads the tasks over every fate, and nothing happens before publication or after today', () => {
    const plan = planDemo(tasks(TODAY), TODAY, 5, TEXTS);
    const fates = new Set(plan.tasks.map((p) => p.fate));
    expect([...fates].sort()).toEqual(['awaiting_review', 'completed', 'unsigned', 'working']);
    const days = plan.tasks
      .flatMap((p) => [
        p.signOn,
        p.startOn,
        p.doneOn,
        p.approveOn,
        ...p.coSignOn.map((c) => c.on),
        ...p.reports.flatMap((r) => [r.submitOn, r.review?.on ?? null, r.resubmitOn]),
        p.extension?.requestOn ?? null,
        p.extension?.decision?.on ?? null,
        p.notice?.issueOn ?? null,
        p.notice?.replyOn ?? null,
        p.notice?.closeOn ?? null,
      ])
      .filter((d): d is string => d !== null);
    expect(days.length).toBeGreaterThan(300);
    expect(days.filter((d) => daysBetween(plan.publishOn, d) <= 0)).toEqual([]);
    expect(days.filter((d) => daysBetween(d, TODAY) < 0)).toEqual([]);
    const signed = plan.tasks.filter((p) => p.signOn !== null).length / plan.tasks.length;
    expect(signed).toBeGreaterThan(0.6);
    expect(signed).toBeLessThan(0.95);
  });

  it('gives the showcase unit an unsigned task, a pending extension and an unanswered 督办', () => {
    const mine = planDemo(tasks(TODAY), TODAY, 5, TEXTS).tasks.filter((p) => p.task.leadUnitName === SHOWCASE_UNIT);
    expect(mine.some((p) => p.fate === 'unsigned')).toBe(true);
    expect(mine.some((p) => p.extension !== null && p.extension.decision === null)).toBe(true);
    expect(mine.some((p) => p.notice !== null && p.notice.replyOn === null)).toBe(true);
  });

  it('asks for extensions before the deadline, approving one into the coming week and rejecting one', () => {
    const plan = planDemo(tasks(TODAY), TODAY, 5, TEXTS);
    const asked = plan.tasks.filter((p) => p.extension !== null);
    for (const p of asked) expect(daysBetween(p.extension!.requestOn, p.task.dueDate!)).toBeGreaterThanOrEqual(0);
    const soon = asked.filter((p) => p.extension!.decision?.approved && daysBetween(TODAY, p.extension!.proposedDate) <= 7);
    expect(soon).toHaveLength(1);
    expect(asked.some((p) => p.extension!.decision?.approved === false)).toBe(true);
  });

  it('behind units skip the latest closed period', () => {
    const plan = planDemo(tasks(TODAY), TODAY, 5, TEXTS);
    const behind = plan.tasks.filter((p) => p.task.leadUnitName === '区民政局' && p.reports.length > 0);
    expect(behind.length).toBeGreaterThan(0);
    for (const p of behind) expect(p.reports.map((r) => r.period)).not.toContain('2026-05');
  });
});
