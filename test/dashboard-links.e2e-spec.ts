import { ManualClock } from '@luoshi/infra';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, tokensFor } from './support/factories';
import { createTask } from './support/task-factories';

/**
 * The dashboard's 督办 by level, 超期未反馈 and 延期申请 link to GET /tasks with noticeLevel,
 * noticeReplyOverdue and extensionPending: the list's total is the number, for the office and a bureau.
 * The 督办 numbers count notices (the web shows them as 件) and the list counts the tasks carrying
 * them (项, with a note saying so): they are equal here because no task has two open notices of one
 * kind; the last case shows where they part.
 */
describe('dashboard numbers link to their task lists (e2e)', () => {
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  let t: TestApp;
  let tokens: { office: string; a: string; b: string };
  let t1Id: string;

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    const unitA = (await createUnit(t.db, { name: '区发展改革局' })).id;
    const unitB = (await createUnit(t.db, { name: '区财政局' })).id;
    tokens = await tokensFor(t, { a: unitA, b: unitB });
    const as = (token: string) => clientAs(t, token);
    const publishedAt = '2026-02-01T02:00:00Z';

    // T1 A leads, B co; T2 B leads; T3 A leads
    const t1 = await createTask(t.db, { leadUnitId: unitA, coUnitIds: [unitB], state: 'in_progress', publishedAt, dueDate: '2026-06-30' });
    const t2 = await createTask(t.db, { leadUnitId: unitB, state: 'in_progress', publishedAt });
    const t3 = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress', publishedAt });
    t1Id = t1.taskId;
    const issue = async (taskId: string, level: string) =>
      (await as(tokens.office).post(`/tasks/${taskId}/notices`, { level, text: '请加快推进' }).expect(201)).body.id as string;
    await issue(t1.taskId, 'red');
    await issue(t2.taskId, 'blue');
    const replied = await issue(t3.taskId, 'blue');
    await as(tokens.a).post(`/notices/${replied}/reply`, { text: '已召开推进会' }).expect(200);
    // a month on: the unreplied notices' reply dates have passed; a fresh notice's has not
    clock.advanceDays(30);
    tokens = await tokensFor(t, { a: unitA, b: unitB }); // the first sessions have expired by then
    await issue(t2.taskId, 'yellow');
    await as(tokens.a).post(`/tasks/${t1.taskId}/extensions`, { reason: '项目审批延后', proposedDate: '2026-09-30' }).expect(201);
  });
  afterAll(() => t.close());

  const numbers = async (token: string) => {
    const { totals } = (await clientAs(t, token).get('/dashboard').expect(200)).body;
    return {
      red: totals.openNotices.red,
      yellow: totals.openNotices.yellow,
      blue: totals.openNotices.blue,
      replyOverdue: totals.noticesReplyOverdue,
      extensions: totals.pendingReview.extensions,
    };
  };
  const listed = async (token: string) => {
    const total = async (query: string) => (await clientAs(t, token).get(`/tasks?${query}`).expect(200)).body.total as number;
    return {
      red: await total('noticeLevel=red'),
      yellow: await total('noticeLevel=yellow'),
      blue: await total('noticeLevel=blue'),
      replyOverdue: await total('noticeReplyOverdue=true'),
      extensions: await total('extensionPending=true'),
    };
  };

  it('office: each number equals the total of the list it links to', async () => {
    const expected = { red: 1, yellow: 1, blue: 2, replyOverdue: 2, extensions: 1 };
    expect(await numbers(tokens.office)).toEqual(expected);
    expect(await listed(tokens.office)).toEqual(expected);
  });

  it('bureau: the same over its own tasks (led or shared)', async () => {
    // A: T1 (red, overdue reply, extension), T3 (blue, replied)
    const a = { red: 1, yellow: 0, blue: 1, replyOverdue: 1, extensions: 1 };
    expect(await numbers(tokens.a)).toEqual(a);
    expect(await listed(tokens.a)).toEqual(a);
    // B: T1 as co, T2 (blue with overdue reply, yellow fresh)
    const b = { red: 1, yellow: 1, blue: 1, replyOverdue: 2, extensions: 1 };
    expect(await numbers(tokens.b)).toEqual(b);
    expect(await listed(tokens.b)).toEqual(b);
  });

  it('the false values exclude, bad values are refused', async () => {
    const office = clientAs(t, tokens.office);
    expect((await office.get('/tasks?noticeReplyOverdue=false').expect(200)).body.total).toBe(1);
    expect((await office.get('/tasks?extensionPending=false').expect(200)).body.total).toBe(2);
    await office.get('/tasks?noticeLevel=purple').expect(400);
    await office.get('/tasks?extensionPending=maybe').expect(400);
  });

  // runs last: it adds a notice
  it('a second red notice on the same task: the dashboard counts 2 notices (件), the list 1 task (项)', async () => {
    await clientAs(t, tokens.office).post(`/tasks/${t1Id}/notices`, { level: 'red', text: '再次督办' }).expect(201);
    expect((await numbers(tokens.office)).red).toBe(2);
    expect((await listed(tokens.office)).red).toBe(1);
  });
});
