import { addDays, addWorkingDays, isWorkingDay, OFFICIAL_SCHEDULES, shanghaiDate } from '@luoshi/domain/calendar';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, tokensFor } from './support/factories';
import { createTask } from './support/task-factories';

describe('work calendar (节假日安排) (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let tokens: { office: string; a: string; leader: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区文化和旅游局' })).id;
    tokens = await tokensFor(t, { a: unitA });
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);

  it('ships the State Council’s schedules: 2022’s National Day week and the weekend worked after it', async () => {
    const res = await as(tokens.a).get('/calendar/2022').expect(200);
    expect(res.body.year).toBe(2022);
    expect(res.body.days).toEqual(
      expect.arrayContaining([
        { day: '2022-10-07', kind: 'holiday', name: '国庆节' },
        { day: '2022-10-08', kind: 'workday', name: '国庆节调休上班' },
      ]),
    );
    expect(res.body.days.map((d: { day: string }) => d.day)).toEqual([...res.body.days.map((d: { day: string }) => d.day)].sort());
    expect((await as(tokens.leader).get('/calendar/2030').expect(200)).body).toEqual({ year: 2030, days: [] });
    // the migration's seed is the domain's copy of the schedules, year by year
    for (const [year, days] of Object.entries(OFFICIAL_SCHEDULES)) {
      expect((await as(tokens.a).get(`/calendar/${year}`).expect(200)).body.days).toEqual(days);
    }
  });

  it('replaces a year as one audited write; refuses bad lists with field codes, keeping what was there', async () => {
    const year2031 = [
      { day: '2031-01-01', kind: 'holiday', name: '元旦' },
      { day: '2031-01-04', kind: 'workday', name: '元旦调休上班' },
    ];
    const put = await as(tokens.office).put('/calendar/2031', { days: year2031 }).expect(200);
    expect(put.body).toEqual({ year: 2031, days: year2031 });

    const bad = await as(tokens.office)
      .put('/calendar/2031', {
        days: [
          { day: '2031-01-06', kind: 'workday', name: '周一' },
          { day: '2030-12-31', kind: 'holiday', name: '跨年' },
        ],
      })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'CALENDAR_INVALID' });
    expect(bad.body.fields).toEqual([
      expect.objectContaining({ field: 'days[0].kind', code: 'CALENDAR_WORKDAY_NOT_WEEKEND' }),
      expect.objectContaining({ field: 'days[1].day', code: 'CALENDAR_DAY_OTHER_YEAR' }),
    ]);
    const shape = await as(tokens.office)
      .put('/calendar/2031', { days: [{ day: '2031-02-01', kind: 'rest', name: '' }], extra: 1 })
      .expect(400);
    expect(shape.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['days.0.kind', 'days.0.name', 'extra'].sort());
    await as(tokens.office).put('/calendar/20x1', { days: [] }).expect(400);
    await as(tokens.a).put('/calendar/2031', { days: [] }).expect(403);
    await as(tokens.leader).put('/calendar/2031', { days: [] }).expect(403);
    expect((await as(tokens.a).get('/calendar/2031').expect(200)).body.days).toEqual(year2031);

    const audit = await t.db.query(`SELECT outcome, before, after FROM audit_log WHERE action = 'calendar.update' AND entity_id = '2031' ORDER BY id`);
    expect(audit).toEqual([
      { outcome: 'ok', before: { days: [] }, after: { days: year2031 } },
      expect.objectContaining({ outcome: 'refused', after: expect.objectContaining({ code: 'CALENDAR_INVALID' }) }),
    ]);
  });

  it('counts working-day deadlines with it: a supervision notice’s default reply deadline skips a holiday the office enters', async () => {
    const today = shanghaiDate(new Date());
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress' });
    // the next two weekdays become holidays (in whatever year they fall)
    const next = [1, 2, 3, 4, 5, 6]
      .map((n) => addDays(today, n))
      .filter((d) => addWorkingDays(addDays(d, -1), 1) === d)
      .slice(0, 2);
    const before = await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'blue', text: '请加快推进' }).expect(201);
    const withoutHolidays = before.body.replyDue;
    for (const year of new Set(next.map((d) => Number(d.slice(0, 4))))) {
      const current = (await as(tokens.office).get(`/calendar/${year}`).expect(200)).body.days;
      const added = next.filter((d) => Number(d.slice(0, 4)) === year).map((day) => ({ day, kind: 'holiday', name: '测试假日' }));
      await as(tokens.office)
        .put(`/calendar/${year}`, { days: [...current.filter((d: { day: string }) => !next.includes(d.day)), ...added] })
        .expect(200);
    }
    const after = await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'blue', text: '再次督办' }).expect(201);
    expect(after.body.replyDue > withoutHolidays).toBe(true);
  });

  /** Stores `added` (holidays) in place of whatever the calendar had on `days` (across a year boundary if need be). */
  async function replaceDays(days: string[], added: string[]): Promise<void> {
    for (const year of new Set(days.map((d) => Number(d.slice(0, 4))))) {
      const current = (await as(tokens.office).get(`/calendar/${year}`).expect(200)).body.days as { day: string }[];
      const holidays = added.filter((d) => Number(d.slice(0, 4)) === year).map((day) => ({ day, kind: 'holiday', name: '测试假日' }));
      await as(tokens.office)
        .put(`/calendar/${year}`, { days: [...current.filter((d) => !days.includes(d.day)), ...holidays] })
        .expect(200);
    }
  }

  it('receipt (签收) deadlines count with it: a task past its 3 working days is no longer receipt-overdue once those days are holidays', async () => {
    const today = shanghaiDate(new Date());
    // the last working day before today, and the day three working days before it (weekends only)
    let deadline = addDays(today, -1);
    while (!isWorkingDay(deadline)) deadline = addDays(deadline, -1);
    let published = deadline;
    for (let counted = 0; counted < 3;) {
      published = addDays(published, -1);
      if (isWorkingDay(published)) counted += 1;
    }
    // the stretch starts from plain weekdays and weekends (an official holiday stored there is taken out first)
    const stretch: string[] = [];
    for (let d = addDays(published, 1); d < today; d = addDays(d, 1)) stretch.push(d);
    await replaceDays(stretch, []);

    const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'not_started', publishedAt: `${published}T02:00:00Z` });
    const before = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
    expect(before.body).toMatchObject({ receiptOverdue: true, reasons: expect.arrayContaining([expect.objectContaining({ code: 'RECEIPT_OVERDUE' })]) });

    await replaceDays(
      stretch,
      stretch.filter((d) => isWorkingDay(d)),
    );
    const after = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
    expect(after.body.receiptOverdue).toBe(false);
    expect(after.body.reasons.map((r: { code: string }) => r.code)).not.toContain('RECEIPT_OVERDUE');
  });
});
