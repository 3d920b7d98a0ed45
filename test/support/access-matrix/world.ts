/**
 * The access matrix's world: three units, the six principals, shared read fixtures and SQL
 * factories for fresh per-case fixtures. Every object created here is registered with the units
 * entitled to see it, so the spec can check that no response to a bureau ever carries the id of
 * an object its unit has no part in.
 *
 * - unit A ("own"): leads the shared task; its bureau user is the `ownBureau` principal and the
 *   `disabled` principal (token issued, then the account disabled)
 * - unit B ("other"): not on A's task; leads its own task so its lists are not trivially empty
 * - unit C: co-responsible on A's shared task (for the "a co-unit sees only its own part" checks)
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf } from '@luoshi/domain/reports';
import type { Role } from '../../../apps/api/src/auth/auth.decorators';
import { ImportStagingService } from '../../../apps/api/src/documents/import-staging.service';
import { createUnit, createUser, loginAs, sessionFor, TestUser, uniqueName } from '../factories';
import { createTask, CreatedTask, TaskFactoryOptions } from '../task-factories';
import type { TestApp } from '../test-app';
import { builtRollups, readyLedger } from './rollup-fixtures';

export type Principal = 'ownBureau' | 'otherBureau' | 'office' | 'leader' | 'disabled' | 'anonymous';
/** the column order of the matrix */
export const PRINCIPALS: readonly Principal[] = ['ownBureau', 'otherBureau', 'office', 'leader', 'disabled', 'anonymous'];

export interface Actor {
  principal: Principal;
  /** null for anonymous */
  user: TestUser | null;
  /** bearer token; null for anonymous */
  token: string | null;
}

/** a minimal well-formed one-page PDF (the attachment type check reads magic bytes) */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** the current monthly reporting period (open for reports) */
export const currentPeriod = (): string => periodOf('monthly', shanghaiDate(new Date()));

/** a small measures-style document; `tag` makes its text (and so its import hash) unique */
export const importText = (tag: string): string =>
  [
    `关于访问矩阵测试的若干措施（${tag}）`,
    '一、测试篇',
    '1. 措施甲。推进测试工作。（责任单位：区财政局）',
    '2. 措施乙。完善测试机制。（责任单位：区商务局、区财政局）',
    '3. 措施丙。加强测试保障。（责任单位：区税务局）',
  ].join('\n');

export interface SharedFixtures {
  /** published, in_progress, lead A, co C, due 2030-12-31 */
  taskA: CreatedTask;
  /** A's draft report for the current period on taskA, with attachmentA */
  reportA: string;
  attachmentA: string;
  /** C's (co-unit) draft report on taskA, with attachmentC */
  reportC: string;
  attachmentC: string;
  /** open notice on taskA to A; pending extension on taskA by A */
  noticeA: string;
  extensionA: string;
  /** B's task and its objects, which A must never see */
  taskB: CreatedTask;
  reportB: string;
  attachmentB: string;
  noticeB: string;
  extensionB: string;
  /** unread in-app notifications to unit A (about taskA) and to unit B (about taskB) */
  notificationA: string;
  notificationB: string;
}

export class MatrixWorld {
  unitA: string;
  unitB: string;
  unitC: string;
  actors: Record<Principal, Actor>;
  /** a bureau user of C (not a matrix principal) */
  coUser: TestUser;
  shared: SharedFixtures;

  /** tracked object id → units entitled to see it */
  private readonly visibility = new Map<string, Set<string>>();
  /** unit → a user of it (created_by of that unit's rows) */
  private readonly unitUsers = new Map<string, string>();

  private constructor(
    private readonly t: TestApp,
    readonly attachmentDir: string,
  ) {}

  static async create(t: TestApp, attachmentDir: string): Promise<MatrixWorld> {
    const w = new MatrixWorld(t, attachmentDir);
    await w.setUp();
    return w;
  }

  private async setUp(): Promise<void> {
    const db = this.t.db;
    this.unitA = (await createUnit(db, { name: uniqueName('矩阵甲局') })).id;
    this.unitB = (await createUnit(db, { name: uniqueName('矩阵乙局') })).id;
    this.unitC = (await createUnit(db, { name: uniqueName('矩阵丙局') })).id;

    const ownBureau = await createUser(db, 'bureau', this.unitA);
    const otherBureau = await createUser(db, 'bureau', this.unitB);
    const office = await createUser(db, 'office');
    const leader = await createUser(db, 'leader');
    const disabled = await createUser(db, 'bureau', this.unitA);
    this.coUser = await createUser(db, 'bureau', this.unitC);
    this.unitUsers.set(this.unitA, ownBureau.id).set(this.unitB, otherBureau.id).set(this.unitC, this.coUser.id);

    const actor = async (principal: Principal, user: TestUser | null): Promise<Actor> => ({
      principal,
      user,
      token: user ? await loginAs(this.t, user) : null,
    });
    this.actors = {
      ownBureau: await actor('ownBureau', ownBureau),
      otherBureau: await actor('otherBureau', otherBureau),
      office: await actor('office', office),
      leader: await actor('leader', leader),
      disabled: await actor('disabled', disabled),
      anonymous: await actor('anonymous', null),
    };
    // the token was valid when issued; the account is disabled afterwards
    await db.query(`UPDATE app_user SET disabled = true WHERE id = $1`, [disabled.id]);

    const taskA = await this.task(this.unitA, { coUnitIds: [this.unitC], title: '矩阵共享任务（甲牵头）' });
    const reportA = await this.report(taskA.taskId, this.unitA);
    const reportC = await this.report(taskA.taskId, this.unitC);
    const taskB = await this.task(this.unitB, { title: '矩阵任务（乙牵头）' });
    const reportB = await this.report(taskB.taskId, this.unitB);
    this.shared = {
      taskA,
      reportA,
      attachmentA: await this.attachment(reportA),
      reportC,
      attachmentC: await this.attachment(reportC),
      noticeA: await this.notice(taskA.taskId),
      extensionA: await this.extension(taskA.taskId),
      taskB,
      reportB,
      attachmentB: await this.attachment(reportB),
      noticeB: await this.notice(taskB.taskId),
      extensionB: await this.extension(taskB.taskId),
      notificationA: await this.notification({ unitId: this.unitA }, { taskId: taskA.taskId }),
      notificationB: await this.notification({ unitId: this.unitB }, { taskId: taskB.taskId }),
    };
  }

  // ------------------------------------------------------------------ visibility

  private see(id: string, units: Iterable<string>): void {
    const set = this.visibility.get(id) ?? new Set<string>();
    for (const unit of units) set.add(unit);
    this.visibility.set(id, set);
  }

  private unitsOfTask(taskId: string): Set<string> {
    return this.visibility.get(taskId) ?? new Set();
  }

  /** Ids of tracked objects that `unitId` has no part in: none may appear in a response to that unit. */
  hiddenFrom(unitId: string): string[] {
    return [...this.visibility].filter(([, units]) => !units.has(unitId)).map(([id]) => id);
  }

  /** Ids of tracked objects `unitId` is entitled to see. */
  visibleTo(unitId: string): string[] {
    return [...this.visibility].filter(([, units]) => units.has(unitId)).map(([id]) => id);
  }

  // ------------------------------------------------------------------ factories (SQL, no audit entries)

  private userOf(unitId: string): string {
    const id = this.unitUsers.get(unitId);
    if (!id) throw new Error(`access matrix: no user for unit ${unitId}`);
    return id;
  }

  /** a published in_progress task (version 1) led by `lead`; `published: false` gives a draft document */
  /** a WeCom robot configured for the unit (for the routes that change or remove one) */
  async unitChannel(unitId: string): Promise<void> {
    await this.t.db.query(
      `INSERT INTO unit_channel (unit_id, channel, address, enabled) VALUES ($1, 'wecom', 'matrix-robot-key', true) ON CONFLICT (unit_id, channel) DO NOTHING`,
      [unitId],
    );
  }

  async task(lead: string, options: Partial<TaskFactoryOptions> = {}): Promise<CreatedTask> {
    const created = await createTask(this.t.db, { state: 'in_progress', ...options, leadUnitId: lead });
    const units = [lead, ...(options.coUnitIds ?? [])];
    this.see(created.taskId, units);
    this.see(created.documentId, units);
    this.see(created.measureId, units);
    return created;
  }

  /** the unit's report on the task for the current period (version 1); its lead unit sees it too */
  async report(taskId: string, unitId: string, status: 'draft' | 'submitted' = 'draft'): Promise<string> {
    const id = randomUUID();
    await this.t.db.query(
      `INSERT INTO progress_report (id, task_id, unit_id, period, status, text, percent, submitted_at, created_by)
       VALUES ($1, $2, $3, $4, $5, '矩阵测试进展', 40, CASE WHEN $5 = 'submitted' THEN now() END, $6)`,
      [id, taskId, unitId, currentPeriod(), status, this.userOf(unitId)],
    );
    this.see(id, [unitId, ...(await this.leadsOf(taskId))]);
    return id;
  }

  /** a PDF attachment of the report, with its file on disk */
  async attachment(reportId: string): Promise<string> {
    const [report]: { unit_id: string }[] = await this.t.db.query(`SELECT unit_id FROM progress_report WHERE id = $1`, [reportId]);
    const id = randomUUID();
    const storedName = randomUUID();
    writeFileSync(join(this.attachmentDir, storedName), PDF);
    await this.t.db.query(
      `INSERT INTO attachment (id, report_id, unit_id, original_name, stored_name, media_type, size_bytes, sha256, created_by)
       VALUES ($1, $2, $3, '佐证材料.pdf', $4, 'application/pdf', $5, md5($4), $6)`,
      [id, reportId, report.unit_id, storedName, PDF.length, this.userOf(report.unit_id)],
    );
    this.see(id, this.visibility.get(reportId) ?? []);
    return id;
  }

  /** an open supervision notice on the task, sent to its lead unit */
  async notice(taskId: string): Promise<string> {
    const [lead] = await this.leadsOf(taskId);
    const id = randomUUID();
    await this.t.db.query(
      `INSERT INTO supervision_notice (id, task_id, unit_id, level, text, reply_due, status, issued_by)
       VALUES ($1, $2, $3, 'blue', '请加快推进', current_date + 7, 'open', $4)`,
      [id, taskId, lead, this.actors.office.user!.id],
    );
    this.see(id, this.unitsOfTask(taskId));
    return id;
  }

  /** a pending extension request on the task by its lead unit */
  async extension(taskId: string): Promise<string> {
    const [lead] = await this.leadsOf(taskId);
    const id = randomUUID();
    await this.t.db.query(
      `INSERT INTO extension_request (id, task_id, unit_id, reason, current_due_date, proposed_date, status, created_by)
       SELECT $1, t.id, $3, '需要更多时间', t.due_date, t.due_date + 90, 'pending', $4 FROM task t WHERE t.id = $2`,
      [id, taskId, lead, this.userOf(lead)],
    );
    this.see(id, this.unitsOfTask(taskId));
    return id;
  }

  /**
   * An unread in-app notification (pending, as the outbox leaves it) to a unit's inbox, seen by that
   * unit only, or to one user's, seen by no unit.
   */
  async notification(recipient: { unitId: string } | { userId: string }, payload: Record<string, unknown> = {}): Promise<string> {
    const unitId = 'unitId' in recipient ? recipient.unitId : null;
    const userId = 'userId' in recipient ? recipient.userId : null;
    const id = randomUUID();
    await this.t.db.query(
      `INSERT INTO notification (id, recipient_unit_id, recipient_user_id, kind, title, body, payload, dedupe_key)
       VALUES ($1, $2, $3, 'notice.issued', '蓝色督办：矩阵任务', '请按期反馈督办意见。', $4, $5)`,
      [id, unitId, userId, JSON.stringify(payload), `matrix:${id}`],
    );
    this.see(id, unitId ? [unitId] : []);
    return id;
  }

  /** a draft (unpublished) document with one task led by A: ready to publish */
  /** monthly rollups of 2099-11 and 2099-12 over the world's tasks, built once (see rollup-fixtures.ts) */
  rollups(): Promise<{ from: string; to: string }> {
    return builtRollups(this.t.db);
  }

  /** a ready ledger (with its file) requested by a user of `unitId` (its scope), or by the office with null */
  async ledger(unitId: string | null): Promise<string> {
    return readyLedger(this.t.db, unitId ? this.userOf(unitId) : this.actors.office.user!.id, unitId);
  }

  async draftDocument(): Promise<string> {
    return (await this.task(this.unitA, { published: false })).documentId;
  }

  /** an import preview staged in Redis, as POST /documents/imports leaves it */
  stagedImport(): Promise<string> {
    const tag = uniqueName('commit-');
    return this.t.app.get(ImportStagingService).stage({ text: importText(tag), fileName: `${tag}.txt` });
  }

  async unit(): Promise<string> {
    return (await createUnit(this.t.db, { name: uniqueName('矩阵备用单位') })).id;
  }

  async user(role: Role, unit: string | null = null): Promise<TestUser> {
    return createUser(this.t.db, role, unit);
  }

  /** a fresh session (its refresh token is what logout and refresh take) */
  session(userId: string) {
    return sessionFor(this.t, { id: userId });
  }

  private async leadsOf(taskId: string): Promise<string[]> {
    const rows: { unit_id: string }[] = await this.t.db.query(`SELECT unit_id FROM task_unit WHERE task_id = $1 AND role = 'lead' ORDER BY position`, [taskId]);
    return rows.map((r) => r.unit_id);
  }
}
