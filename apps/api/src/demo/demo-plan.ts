import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { addDays, daysBetween } from '@luoshi/domain/calendar';
import { comparePeriods, latestClosedPeriod, nextPeriod, periodBounds, periodOf } from '@luoshi/domain/reports';

/**
 * The demo district's story, decided before anything is written: which task ends where
 * (completed, awaiting review, overdue, on track, unsigned, …), who signs and reports when,
 * which reports are returned, which tasks get a 督办 or an extension request. Pure: the same
 * tasks and the same `today` give the same plan (every random choice comes from one seeded
 * generator), so the sample data is the same on every machine, shifted to its today.
 */

/** Every random choice of the story comes from this seed. */
export const DEMO_SEED = 16;
/** The compendium is published (交办) this many days before today: reports over the past months. */
export const DEMO_PUBLISHED_DAYS_AGO = 75;
/** The sample compendium's issue date, and how many days before publication it was issued. */
export const SAMPLE_ISSUE_DATE = '2022-04-08';
const ISSUED_DAYS_BEFORE_PUBLICATION = 3;
/** Units whose story is "behind": few signatures, and the latest closed period not reported. */
export const BEHIND_UNITS: ReadonlySet<string> = new Set(['区民政局', '区交通运输局']);
/** The unit whose account shows work in each of 签收, reports, replies and extensions. */
export const SHOWCASE_UNIT = '区发展改革局';

export interface PlanTask {
  id: string;
  /** null: ongoing (长期) */
  dueDate: string | null;
  leadUnitId: string;
  leadUnitName: string;
  /** co-responsible units that have an account (only they can sign) */
  coUnitIds: string[];
}

export type Fate = 'completed' | 'awaiting_review' | 'working' | 'unsigned';

export interface ReportPlan {
  period: string;
  /** the day the lead unit submits */
  submitOn: string;
  percent: number | null;
  /** what the office does with it, and when (null: still pending review) */
  review: { on: string; outcome: 'accepted' | 'returned' } | null;
  /** returned and submitted again (then pending review) */
  resubmitOn: string | null;
  text: number;
}

export interface TaskPlan {
  task: PlanTask;
  fate: Fate;
  signOn: string | null;
  coSignOn: { unitId: string; on: string }[];
  startOn: string | null;
  reports: ReportPlan[];
  /** submit_done on this day; approve on `approveOn` (completed) */
  doneOn: string | null;
  approveOn: string | null;
  extension: { requestOn: string; proposedDate: string; decision: { on: string; approved: boolean } | null; reason: number } | null;
  notice: { level: 'blue' | 'yellow' | 'red'; issueOn: string; replyOn: string | null; closeOn: string | null } | null;
}

/** Where a task's due date falls: before publication, since then, within a week, later, none. */
type DueGroup = 'retro' | 'past_due' | 'soon' | 'future' | 'ongoing';
type Planned = TaskPlan & { group: DueGroup; behind: boolean };

export interface DemoPlan {
  today: string;
  publishOn: string;
  shiftDays: number;
  tasks: TaskPlan[];
}

/** Days the sample compendium's dates move so that it is published DEMO_PUBLISHED_DAYS_AGO days before `today`. */
export function demoShiftDays(today: string): number {
  return daysBetween(SAMPLE_ISSUE_DATE, addDays(today, -DEMO_PUBLISHED_DAYS_AGO - ISSUED_DAYS_BEFORE_PUBLICATION));
}

class Dice {
  private readonly rng: RandomGenerator;
  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }
  /** an integer in [from, to] */
  int(from: number, to: number): number {
    return to <= from ? from : unsafeUniformIntDistribution(from, to, this.rng);
  }
  chance(percent: number): boolean {
    return this.int(1, 100) <= percent;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}

const min = (a: string, b: string) => (daysBetween(a, b) < 0 ? b : a);
const max = (a: string, b: string) => (daysBetween(a, b) > 0 ? b : a);
const before = (a: string, b: string) => daysBetween(a, b) > 0;

/**
 * Plans the story for `tasks` (the compendium's open tasks, in document order) as of `today`,
 * with the reporting rules' grace days. See the README section of docs/readme/i16.md.
 */
export function planDemo(tasks: readonly PlanTask[], today: string, graceDays: number, textCount: { progress: number; extension: number }): DemoPlan {
  const dice = new Dice(DEMO_SEED);
  const publishOn = addDays(today, -DEMO_PUBLISHED_DAYS_AGO);
  const latestClosed = latestClosedPeriod('monthly', today, graceDays);
  const periods: { key: string; closed: boolean; start: string; end: string }[] = [];
  for (let key = periodOf('monthly', publishOn); !before(today, periodBounds('monthly', key).start); key = nextPeriod('monthly', key)) {
    const { start, end } = periodBounds('monthly', key);
    periods.push({ key, closed: comparePeriods('monthly', key, latestClosed) <= 0, start, end });
  }
  const soonEnd = addDays(today, 7);
  const plans: Planned[] = tasks.map((task): Planned => {
    const behind = BEHIND_UNITS.has(task.leadUnitName);
    const due = task.dueDate;
    const group: DueGroup =
      due === null ? 'ongoing' : before(due, publishOn) ? 'retro' : before(due, today) ? 'past_due' : before(soonEnd, due) ? 'future' : 'soon';
    const roll = dice.int(1, 100);
    let fate: Fate;
    if (group === 'retro') fate = roll <= 35 ? 'completed' : roll <= 55 ? 'awaiting_review' : 'working';
    else if (group === 'future') fate = roll <= 6 ? 'completed' : roll <= 11 ? 'awaiting_review' : 'working';
    else fate = 'working';
    if (fate === 'working' && !dice.chance(behind ? 35 : 85)) fate = 'unsigned';
    const signOn = fate === 'unsigned' ? null : addDays(publishOn, dice.int(1, 5));
    const coSignOn = task.coUnitIds.filter(() => dice.chance(45)).map((unitId) => ({ unitId, on: addDays(publishOn, dice.int(1, 8)) }));
    return { task, fate, signOn, coSignOn, startOn: null, reports: [], doneOn: null, approveOn: null, extension: null, notice: null, group, behind };
  });

  // the showcase unit always has something to sign for
  const showcaseWorking = plans.filter((p) => p.task.leadUnitName === SHOWCASE_UNIT && p.group === 'future' && p.fate === 'working');
  if (!plans.some((p) => p.task.leadUnitName === SHOWCASE_UNIT && p.fate === 'unsigned') && showcaseWorking.length > 3) {
    const last = showcaseWorking[showcaseWorking.length - 1];
    last.fate = 'unsigned';
    last.signOn = null;
  }

  // extensions: one approved into the coming week (due soon) and one rejected among tasks already
  // past due (asked for before their deadline), one approved and three pending (one the showcase
  // unit's) among tasks due later
  const pastDue = plans.filter((p) => p.group === 'past_due' && p.task.dueDate && daysBetween(publishOn, p.task.dueDate) >= 4);
  for (const p of pastDue.slice(0, 2)) {
    // a unit asking for more time has signed for the task
    if (p.fate === 'unsigned') {
      p.fate = 'working';
      p.signOn = addDays(publishOn, 1);
    }
  }
  const future = plans.filter((p) => p.group === 'future' && p.fate === 'working');
  const ask = (p: Planned, requestOn: string, proposedDate: string, decision: { on: string; approved: boolean } | null) => {
    p.extension = { requestOn, proposedDate, decision, reason: dice.int(0, textCount.extension - 1) };
  };
  if (pastDue[0]) {
    const requestOn = addDays(pastDue[0].task.dueDate!, -3);
    ask(pastDue[0], requestOn, addDays(today, dice.int(2, 6)), { on: addDays(requestOn, 2), approved: true });
  }
  if (pastDue[1]) {
    const requestOn = addDays(pastDue[1].task.dueDate!, -3);
    ask(pastDue[1], requestOn, addDays(pastDue[1].task.dueDate!, 45), { on: addDays(requestOn, 2), approved: false });
  }
  const futurePick = (offset: number) => future[Math.floor((future.length * offset) / 7)];
  const showcaseFuture = future.filter((p) => p.task.leadUnitName === SHOWCASE_UNIT);
  const pendingTargets = [showcaseFuture[0], futurePick(3), futurePick(5)].filter((p): p is NonNullable<typeof p> => !!p && !p.extension);
  for (const p of pendingTargets) ask(p, addDays(today, -dice.int(1, 6)), addDays(p.task.dueDate!, 60), null);
  const approvedLater = futurePick(1);
  if (approvedLater && !approvedLater.extension)
    ask(approvedLater, addDays(today, -30), addDays(approvedLater.task.dueDate!, 45), { on: addDays(today, -27), approved: true });
  const rejectedLater = futurePick(2);
  if (rejectedLater && !rejectedLater.extension)
    ask(rejectedLater, addDays(today, -20), addDays(rejectedLater.task.dueDate!, 90), { on: addDays(today, -18), approved: false });

  // reports, transitions and reviews along the months
  const latestIndex = periods.findIndex((p) => p.key === latestClosed);
  for (const p of plans) {
    if (p.fate === 'unsigned' || !p.signOn) continue;
    p.startOn = addDays(p.signOn, dice.int(0, 4));
    const due = p.task.dueDate;
    const span = due ? Math.max(daysBetween(publishOn, due), 1) : 0;
    const pace = p.group === 'retro' || p.group === 'past_due' ? 0 : p.behind || dice.chance(10) ? 0.15 : 0.95 + dice.int(0, 50) / 100;
    if (p.fate === 'completed') {
      p.doneOn = min(addDays(p.startOn, dice.int(5, 40)), addDays(today, -8));
      p.approveOn = addDays(p.doneOn, dice.int(2, 6));
    } else if (p.fate === 'awaiting_review') {
      p.doneOn = max(addDays(today, -dice.int(1, 8)), p.startOn);
    }
    let lastPercent = 0;
    for (const [index, period] of periods.entries()) {
      const from = max(period.start, p.startOn);
      const until = period.closed ? min(addDays(period.end, graceDays), today) : today;
      if (before(until, from)) continue;
      if (p.doneOn && !before(from, p.doneOn)) break; // nothing more to report once marked done
      const skipLatest = index === latestIndex && (p.behind || dice.chance(5));
      if (skipLatest) continue;
      // every period is owed; the story leaves some older gaps (they no longer show once a later
      // period is reported) and half the open period still to do
      if (index < latestIndex && !dice.chance(75)) continue;
      if (!period.closed && !dice.chance(50)) continue;
      // closed periods are reported towards their end; the open ones on some day so far
      const submitOn = period.closed ? min(max(addDays(period.end, -dice.int(0, 5)), from), until) : addDays(from, dice.int(0, daysBetween(from, until)));
      if (p.doneOn && !before(submitOn, p.doneOn)) break;
      let percent: number | null = null;
      if (due) {
        const elapsed = Math.max(daysBetween(publishOn, submitOn), 1) / span;
        percent = pace === 0 ? Math.min(60 + 8 * index + dice.int(0, 10), 95) : Math.round(Math.min(elapsed * 100 * pace, 95));
        percent = Math.max(percent, lastPercent, 5);
        lastPercent = percent;
      }
      const report: ReportPlan = { period: period.key, submitOn, percent, review: null, resubmitOn: null, text: dice.int(0, textCount.progress - 1) };
      const reviewOn = addDays(submitOn, dice.int(1, 3));
      const roll = dice.int(1, 100);
      if (!before(today, reviewOn) && !(p.doneOn && !before(reviewOn, p.doneOn))) {
        if (index < latestIndex) {
          // older periods: reviewed; a few returned and corrected within the period's window
          const resubmitOn = addDays(reviewOn, 1);
          if (roll <= 8 && !before(until, resubmitOn)) {
            report.review = { on: reviewOn, outcome: 'returned' };
            report.resubmitOn = resubmitOn;
          } else report.review = { on: reviewOn, outcome: 'accepted' };
        } else if (index === latestIndex) {
          if (roll <= 55) report.review = { on: reviewOn, outcome: 'accepted' };
          else if (roll <= 65 && !before(until, addDays(reviewOn, 1))) {
            report.review = { on: reviewOn, outcome: 'returned' };
            report.resubmitOn = addDays(reviewOn, 1);
          }
        } else if (roll <= 25) {
          report.review = { on: reviewOn, outcome: 'returned' }; // the unit still has to correct it
        }
      }
      p.reports.push(report);
    }
  }

  // 督办 at each level: red on overdue tasks, yellow on overdue or lagging ones, blue on lagging or
  // unsigned ones; about half answered, one answered and closed; the showcase unit has one to answer
  const overdue = plans.filter((p) => (p.group === 'retro' || p.group === 'past_due') && p.fate === 'working' && !p.extension?.decision?.approved);
  const lagging = plans.filter((p) => p.group === 'future' && (p.fate === 'unsigned' || (p.fate === 'working' && p.behind)) && !p.extension);
  const issue = (p: Planned | undefined, level: 'blue' | 'yellow' | 'red', { daysAgo, reply, close }: { daysAgo: number; reply: boolean; close: boolean }) => {
    if (!p || p.notice) return;
    const issueOn = addDays(today, -daysAgo);
    const replyOn = reply ? addDays(issueOn, dice.int(1, 2)) : null;
    p.notice = { level, issueOn, replyOn, closeOn: close && replyOn ? addDays(replyOn, 1) : null };
  };
  issue(overdue[0], 'red', { daysAgo: 12, reply: true, close: false });
  issue(overdue[1], 'red', { daysAgo: 3, reply: false, close: false });
  issue(overdue[2], 'yellow', { daysAgo: 20, reply: true, close: true });
  issue(overdue[3], 'yellow', { daysAgo: 14, reply: false, close: false }); // its reply is overdue
  issue(lagging[0], 'yellow', { daysAgo: 6, reply: true, close: false });
  issue(lagging[1], 'blue', { daysAgo: 15, reply: true, close: false });
  issue(lagging[2], 'blue', { daysAgo: 25, reply: false, close: false }); // its reply is overdue
  const showcase = plans.find(
    (p) => p.task.leadUnitName === SHOWCASE_UNIT && p.fate === 'working' && p.group === 'future' && !p.notice && !p.extension && p.reports.length > 0,
  );
  issue(showcase, 'blue', { daysAgo: 2, reply: false, close: false });

  return { today, publishOn, shiftDays: demoShiftDays(today), tasks: plans.map(({ group: _group, behind: _behind, ...plan }) => plan) };
}
