import { Clock, preparedRows, sql, Sql } from '@luoshi/infra';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { taskNotFound } from '@luoshi/domain/errors';
import {
  allowedTransitions,
  NOTICE_LEVEL_LABELS_ZH,
  TASK_ACTION_LABELS_ZH,
  TASK_STATES,
  type NoticeLevel,
  type TaskState,
  type TaskAssessment,
} from '@luoshi/domain/tasks';
import { shanghaiTimestamp } from '@luoshi/domain/calendar';
import type { AuthUser } from '../auth/auth.decorators';
import { AssessableRow, assessRow, AssessmentSettings, AssessmentSettingsSource } from '@luoshi/core';
import { LightDayService, lightDay, lightSql, storedLightSql, taskLightColumns } from '@luoshi/core';
import { TaskAccessService } from './task-access.service';
import { likePattern } from '../common/like-pattern';
import type { ListTasksQueryDto } from './dto/list-tasks-query.dto';
import type { PageQueryDto } from '../common/page-query.dto';
import { queryPage } from '../common/paging';
import type {
  AllowedTransitionDto,
  TaskDetailDto,
  TaskHistoryEntryDto,
  TaskHistoryPageDto,
  TaskListItemDto,
  TaskPageDto,
} from './dto/task-response.dto';

interface TaskRow extends AssessableRow {
  id: string;
  title: string;
  state_reason: string | null;
  deadline_text: string;
  document_id: string;
  measure_id: string;
  measure_number: string;
  lead_unit_id: string | null;
  lead_unit_name: string | null;
  my_role: string | null;
  version: number;
  updated_at: Date;
  /** the filtered total, on every row of a paged list (a number from json_agg) */
  total?: number;
}

/** A list row as json_agg writes it: timestamps as text, the count as a number. */
type JsonTaskRow = Omit<TaskRow, 'published_at' | 'signed_at' | 'updated_at'> & {
  published_at: string | null;
  signed_at: string | null;
  updated_at: string;
};

function fromJsonRow(row: JsonTaskRow): TaskRow {
  return {
    ...row,
    published_at: row.published_at === null ? null : new Date(row.published_at),
    signed_at: row.signed_at === null ? null : new Date(row.signed_at),
    updated_at: new Date(row.updated_at),
  };
}

/** json_build_object writes Postgres timestamps; the API speaks ISO 8601 UTC like everywhere else. */
function iso(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

const ORDER_COLUMNS = { dueDate: 'due_date', updatedAt: 'updated_at', title: 'title' } as const;

/** States in which the bureau still owes work: the only ones assessTask can call overdue. */
const OPEN_STATES_SQL = `('not_started', 'in_progress')`;

/**
 * What belongs to a task's history (`ownUnit`: the caller's unit when it may see only its own
 * report part; refused attempts only with `showRefused`). One branch
 * per kind of entry, each an index lookup (ix_audit_log_entity unless said otherwise):
 * - the task itself: state, deadline, assignment, corrections, sign-for, and the refusals of
 *   report writes and extension requests aimed at it;
 * - its extension requests and supervision notices;
 * - its progress reports (create, update, submit, accept, return, refused reviews and reads);
 * - attachments of those reports, by the `reportId` every attachment entry carries (the row is
 *   gone after a delete; ix_audit_log_attachment_report);
 * - batch report entries (entity 'measure') listing the task in `after.taskIds`
 *   (ix_audit_log_batch_tasks); a batch writes the reports of its author's unit;
 * - the publishing (交办) of the task's document.
 * The ids each branch looks up are computed first (ARRAY(subquery): one InitPlan each), so every
 * branch is an index condition whatever the planner guesses about the sizes.
 */
function historyEntries(taskId: string, showRefused: boolean, ownUnit: string | null): Sql {
  return sql`reports AS MATERIALIZED (
    SELECT pr.id::text AS id FROM progress_report pr
     WHERE pr.task_id = ${taskId}::uuid AND (${ownUnit}::uuid IS NULL OR pr.unit_id = ${ownUnit}::uuid)
  ), entries AS MATERIALIZED (
    SELECT a.* FROM audit_log a WHERE a.entity_type = 'task' AND a.entity_id = ${taskId}::text
    UNION ALL
    SELECT a.* FROM audit_log a
     WHERE a.entity_type = 'extension_request' AND a.entity_id = ANY (ARRAY(SELECT e.id::text FROM extension_request e WHERE e.task_id = ${taskId}::uuid))
    UNION ALL
    SELECT a.* FROM audit_log a
     WHERE a.entity_type = 'supervision_notice' AND a.entity_id = ANY (ARRAY(SELECT n.id::text FROM supervision_notice n WHERE n.task_id = ${taskId}::uuid))
    UNION ALL
    SELECT a.* FROM audit_log a WHERE a.entity_type = 'progress_report' AND a.entity_id = ANY (ARRAY(SELECT r.id FROM reports r))
    UNION ALL
    SELECT a.* FROM audit_log a
     WHERE a.entity_type = 'attachment' AND coalesce(a.after ->> 'reportId', a.before ->> 'reportId') = ANY (ARRAY(SELECT r.id FROM reports r))
    UNION ALL
    SELECT a.* FROM audit_log a
     WHERE a.entity_type = 'measure' AND a.after -> 'taskIds' @> jsonb_build_array(${taskId}::text)
       AND (${ownUnit}::uuid IS NULL OR a.actor_unit_id = ${ownUnit}::uuid)
    UNION ALL
    SELECT a.* FROM audit_log a
     WHERE a.entity_type = 'document' AND a.action = 'document.publish'
       AND a.entity_id = (SELECT t.document_id::text FROM task t WHERE t.id = ${taskId}::uuid)
  ), visible AS MATERIALIZED (
    SELECT * FROM entries WHERE ${showRefused}::boolean OR outcome = 'ok'
  )`;
}

/** A history entry's columns; the names and units only for the page's rows. */
const HISTORY_COLUMNS = sql`v.id, v.at, v.action, v.entity_type AS "entityType", v.entity_id AS "entityId", v.outcome,
             v.actor_user_id AS "actorUserId", (SELECT au.display_name FROM app_user au WHERE au.id = v.actor_user_id) AS "actorName",
             v.actor_role AS "actorRole", v.actor_unit_id AS "actorUnitId",
             (SELECT un.name FROM unit un WHERE un.id = v.actor_unit_id) AS "actorUnitName",
             v.before, v.after, v.request_id AS "requestId"`;

/**
 * A batch entry as a bureau sees it in one task's history: only this task's report of the
 * batch (the other tasks of the batch may be ones its unit has no part in).
 */
function batchPartOf(entry: TaskHistoryEntryDto, taskId: string): TaskHistoryEntryDto {
  const after = entry.after;
  if (entry.entityType !== 'measure' || !after || !Array.isArray(after.taskIds)) return entry;
  const i = (after.taskIds as unknown[]).indexOf(taskId);
  const reportIds = Array.isArray(after.reportIds) ? (after.reportIds as unknown[]) : [];
  return { ...entry, after: { ...after, taskIds: [taskId], reportIds: i >= 0 && reportIds[i] !== undefined ? [reportIds[i]] : [] } };
}

/**
 * Read side of tasks. The list is one SQL statement: the scope from TaskAccessService and the
 * filters select and sort a page of task keys, index-driven (a bureau: ix_task_unit_unit_due over
 * its task_unit rows and their copies of the task's due date, publication and state, so page 1 in
 * due-date order and the total never read the unit's other tasks; the office: task(due_date, id),
 * task(state, due_date), task(document_id), task(measure_id)); only the page's rows then get the
 * task's columns, their measure number, lead unit, the reports' latest period and open notices
 * through correlated subqueries. The traffic light is computed per row in Node by the domain's
 * assessTask.
 */
@Injectable()
export class TasksQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TaskAccessService,
    private readonly assessmentSettings: AssessmentSettingsSource,
    private readonly clock: Clock,
    private readonly lightDays: LightDayService,
  ) {}

  async list(user: AuthUser, query: ListTasksQueryDto): Promise<TaskPageDto> {
    const today = this.clock.today();
    const settings = await this.assessmentSettings.current();
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const scope = this.access.listScope(user, 't', 'mu', 1);
    params.push(...scope.params);

    await this.access.assertUnitFilter(this.dataSource.manager, user, query.unitId);
    // A bureau's conditions on its own task_unit rows (mu) are answered by ix_task_unit_unit_due,
    // whose copies of the task's due date, publication and state stand in for the task's columns;
    // the other conditions need the task row (t). Office and leader: everything on t.
    const bureau = scope.unitWhere !== null;
    const onUnit: string[] = scope.unitWhere ? [scope.unitWhere] : [];
    const onTask: string[] = [];
    const onKeys = bureau ? onUnit : onTask;
    const dueDate = bureau ? 'mu.task_due_date' : 't.due_date';
    const state = bureau ? 'mu.task_state' : 't.state';

    if (bureau) {
      if (query.role) onUnit.push(`mu.role = ${param(query.role)}`);
    } else if (query.unitId) {
      const roleSql = query.role ? ` AND fu.role = ${param(query.role)}` : '';
      onTask.push(`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.unit_id = ${param(query.unitId)}${roleSql})`);
    } else if (query.role) {
      onTask.push(`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.role = ${param(query.role)})`);
    }
    if (query.state) onKeys.push(`${state} = ${param(query.state)}`);
    // the office and leaders filter on the verdict stored on the task (index ranges), current for today
    const stored = !bureau && (query.overdue !== undefined || query.light !== undefined || [query.receiptOverdue, query.reportMissing, query.dueSoon, query.lagging].some((f) => f !== undefined));
    if (stored) await this.lightDays.ensureCurrent();
    if (stored && query.overdue !== undefined) {
      onTask.push(query.overdue ? 't.overdue' : 'NOT t.overdue');
    } else if (query.overdue === true) {
      onKeys.push(`${state} IN ${OPEN_STATES_SQL} AND ${dueDate} < ${param(today)}::date`);
      onTask.push(`t.deadline_precision <> 'ongoing'`);
    } else if (query.overdue === false) {
      onTask.push(`NOT (t.state IN ${OPEN_STATES_SQL} AND t.deadline_precision <> 'ongoing' AND t.due_date IS NOT NULL AND t.due_date < ${param(today)}::date)`);
    }
    if (query.dueBefore) onKeys.push(`${dueDate} <= ${param(query.dueBefore)}::date`);
    if (query.measureId) onTask.push(`t.measure_id = ${param(query.measureId)}`);
    if (query.documentId) onTask.push(`t.document_id = ${param(query.documentId)}`);
    if (query.q) onTask.push(`t.title ILIKE ${param(likePattern(query.q))} ESCAPE '\\'`);
    // the light and the flags assessTask derives: the office's stored verdict, or for a bureau (the
    // signature that counts for receipt is its own) SQL over the task row and its copies
    const light = stored ? storedLightSql('t') : lightSql(taskLightColumns('t', 'mu.signed_at'), lightDay(today, settings), param);
    if (query.light) onTask.push(light[query.light]);
    for (const flag of ['receiptOverdue', 'reportMissing', 'dueSoon', 'lagging'] as const) {
      const wanted = query[flag];
      if (wanted !== undefined) onTask.push(wanted ? light[flag] : `NOT ${light[flag]}`);
    }

    // default order: due date NULLS LAST, id tiebreak
    const sortKey = query.sort === 'dueDate' ? dueDate : `t.${ORDER_COLUMNS[query.sort]}`;
    const idKey = bureau ? 'mu.task_id' : 't.id';
    const direction = query.order === 'desc' ? 'DESC' : 'ASC';
    const keyOrder = `${sortKey} ${direction} NULLS LAST, ${idKey} ${direction}`;
    // a bureau in due-date order: the order is task_unit's own (ix_task_unit_unit_due)
    const unitOrdered = sortKey.startsWith('mu.');

    /**
     * FROM and WHERE of the rows the list selects from. A bureau's rows are its task_unit rows;
     * they read their task only when a condition (or the order) needs it, one primary-key lookup
     * each. With `inKeyOrder` the unit's rows come from a subquery sorted on task_unit alone and
     * planned on its own (left to choose, the planner sometimes read a narrow range of the unit,
     * e.g. overdue, by a parallel scan of all of task_unit to get it presorted).
     */
    const source = (readsTask: boolean, inKeyOrder: boolean) => {
      if (!bureau) return { from: 'task t', where: onTask.join(' AND ') || 'TRUE' };
      if (!readsTask) return { from: 'task_unit mu', where: onUnit.join(' AND ') };
      const unitRows = inKeyOrder ? `(SELECT * FROM task_unit mu WHERE ${onUnit.join(' AND ')} ORDER BY ${keyOrder}) mu` : 'task_unit mu';
      return {
        // OFFSET 0 keeps the lateral lookup from being flattened into a hash join over every task
        from: `${unitRows} CROSS JOIN LATERAL (SELECT * FROM task WHERE task.id = mu.task_id OFFSET 0) t`,
        where: [...(inKeyOrder ? [] : onUnit), scope.taskWhere, ...onTask].join(' AND '),
      };
    };
    const page = source(onTask.length > 0 || !unitOrdered, unitOrdered);
    const counted = source(onTask.length > 0, false);
    // a bureau's whole list (no condition but its scope, $1 its unit): the count the database keeps
    // per unit (unit_task_count); otherwise counted
    const wholeUnitList = bureau && onUnit.length === 1 && onTask.length === 0;
    const countSql = wholeUnitList
      ? `SELECT coalesce((SELECT c.published FROM unit_task_count c WHERE c.unit_id = $1), 0) AS total`
      : `SELECT count(*) AS total FROM ${counted.from} WHERE ${counted.where}`;
    const countParams = params.length;

    // The total is counted apart when the page can stop after its rows: a bureau in due-date order
    // without conditions on the task (the count then unit_task_count's row or an index-only scan of
    // its task_unit entries, the page a walk of ix_task_unit_unit_due), the office/leader in ascending due-date order
    // (ix_task_due). When the page has to read and sort every candidate anyway, that one pass counts
    // them (count(*) OVER ()).
    const countApart = bureau ? unitOrdered && onTask.length === 0 : query.sort === 'dueDate' && direction === 'ASC';
    const windowCount = !countApart;
    const limit = ` LIMIT ${param(query.pageSize)} OFFSET ${param((query.page - 1) * query.pageSize)}`;

    const taskColumns = `t.id, t.title, t.state, t.state_reason, t.due_date::text AS due_date, t.deadline_precision, t.deadline_text,
                         t.report_cadence, t.published_at, t.document_id, t.measure_id, t.version, t.updated_at`;
    const unitColumns = bureau ? 'mu.role AS my_role, mu.signed_at AS my_signed_at' : 'NULL::text AS my_role';
    const orderBy = `ORDER BY ${keyOrder}${limit}`;
    // the page's rows: when the page is chosen on task_unit alone, its keys first, then their tasks
    const pageSql = page.from === 'task_unit mu'
      ? `SELECT ${taskColumns}, k.sort_key, k.my_role, k.my_signed_at
           FROM (SELECT mu.task_id, ${sortKey} AS sort_key, ${unitColumns} FROM task_unit mu WHERE ${page.where} ${orderBy}) k
           JOIN task t ON t.id = k.task_id AND ${scope.taskWhere}`
      : `SELECT ${taskColumns}, ${sortKey} AS sort_key, ${unitColumns}${windowCount ? ', count(*) OVER () AS total' : ''}
           FROM ${page.from} WHERE ${page.where} ${orderBy}`;
    // only the page's rows then get their measure number, lead unit, the reports' latest period and
    // open notices (the unit name and the notices as scalar subqueries: a hash join per row with the
    // unit table cost more than the rest of the row); the count is an uncorrelated subquery, run
    // once (InitPlan)
    const sql = `
      SELECT p.*, m.number AS measure_number, lead.unit_id AS lead_unit_id, lead.unit_name AS lead_unit_name,
             ${bureau ? 'p.my_signed_at' : 'lead.signed_at'} AS signed_at,
             rep.period AS last_period, rep.percent AS last_percent,
             (SELECT array_agg(n.level) FROM supervision_notice n WHERE n.task_id = p.id AND n.status <> 'closed') AS notice_levels${!windowCount ? `,
             (${countSql}) AS total` : ''}
        FROM (${pageSql}) p
        JOIN measure m ON m.id = p.measure_id
        LEFT JOIN LATERAL (SELECT tu.unit_id, tu.signed_at, (SELECT u.name FROM unit u WHERE u.id = tu.unit_id) AS unit_name
                             FROM task_unit tu WHERE tu.task_id = p.id AND tu.role = 'lead' ORDER BY tu.position LIMIT 1) lead ON TRUE
        LEFT JOIN LATERAL (SELECT pr.period, pr.percent FROM progress_report pr
                            WHERE pr.task_id = p.id AND pr.unit_id = lead.unit_id AND pr.status IN ('submitted', 'accepted')
                            ORDER BY pr.period DESC LIMIT 1) rep ON TRUE`;
    // The page comes back as one JSON array (one value for the driver to parse instead of ~25
    // typed columns per row); the text varies only with which filters are given, so it is prepared.
    const [{ page: pageRows }] = await preparedRows<{ page: JsonTaskRow[] }>(this.dataSource.manager, {
      text: `SELECT coalesce(json_agg(l ORDER BY l.sort_key ${direction} NULLS LAST, l.id ${direction}), '[]') AS page FROM (${sql}) l`,
      values: params,
    });
    const rows = pageRows.map(fromJsonRow);

    const items = rows.map((row) => this.toListItem(row, settings, today));
    // a page past the end has no row to carry the count
    const total = rows.length > 0 ? Number(rows[0].total) : query.page === 1 ? 0 : Number((await this.dataSource.query(countSql, params.slice(0, countParams)))[0].total);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  private toListItem(row: TaskRow, settings: AssessmentSettings, today: string): TaskListItemDto {
    const assessment: TaskAssessment = assessRow(row, settings, today);
    return {
      id: row.id,
      title: row.title,
      state: row.state,
      stateReason: row.state_reason,
      dueDate: row.due_date,
      deadlineText: row.deadline_text,
      documentId: row.document_id,
      measureId: row.measure_id,
      measureNumber: row.measure_number,
      leadUnitId: row.lead_unit_id,
      leadUnitName: row.lead_unit_name,
      myRole: row.my_role,
      signedAt: row.signed_at ? row.signed_at.toISOString() : null,
      publishedAt: row.published_at ? row.published_at.toISOString() : null,
      lastReportedPeriod: row.last_period,
      openNotices: row.notice_levels?.length ?? 0,
      version: row.version,
      updatedAt: row.updated_at.toISOString(),
      overdue: assessment.overdue,
      lagging: assessment.lagging,
      receiptOverdue: assessment.receiptOverdue,
      light: assessment.light,
      reasons: assessment.reasons,
      dueInDays: assessment.dueInDays,
    };
  }

  async detail(user: AuthUser, taskId: string): Promise<TaskDetailDto> {
    const { unitRole } = await this.access.check(this.dataSource.manager, user, taskId, 'read');
    const me = user.role === 'bureau' ? user.unitId : null;
    const [row] = await this.dataSource.query(
      `SELECT t.id, t.title, t.text, t.kind, t.state, t.state_reason, t.due_date::text AS due_date, t.deadline_precision, t.deadline_text,
              t.report_cadence, t.evidence_required, t.published_at, t.document_id, t.measure_id, t.version, t.updated_at,
              m.number AS measure_number, m.title AS measure_title, d.title AS document_title, d.status AS document_status,
              lead.unit_id AS lead_unit_id, lu.name AS lead_unit_name,
              CASE WHEN $2::uuid IS NULL THEN lead.signed_at
                   ELSE (SELECT my.signed_at FROM task_unit my WHERE my.task_id = t.id AND my.unit_id = $2::uuid) END AS signed_at,
              rep.period AS last_period, rep.percent AS last_percent,
              (SELECT array_agg(n.level) FROM supervision_notice n WHERE n.task_id = t.id AND n.status <> 'closed') AS notice_levels,
              (SELECT e.id FROM extension_request e WHERE e.task_id = t.id AND e.status = 'pending' LIMIT 1) AS pending_extension_id,
              COALESCE((SELECT json_agg(json_build_object(
                          'unitId', tu.unit_id, 'unitName', u.name, 'role', tu.role, 'sectionId', tu.section_id, 'sectionName', us.name,
                          'nameAsWritten', tu.name_as_written, 'signedAt', tu.signed_at) ORDER BY tu.role <> 'lead', tu.position)
                          FROM task_unit tu JOIN unit u ON u.id = tu.unit_id LEFT JOIN unit_section us ON us.id = tu.section_id
                         WHERE tu.task_id = t.id), '[]') AS units,
              COALESCE((SELECT json_agg(json_build_object(
                          'id', td.id, 'dueDate', td.due_date::text, 'precision', td.precision, 'text', td.text, 'source', td.source,
                          'isCurrent', td.is_current, 'createdAt', td.created_at) ORDER BY td.created_at, td.id)
                          FROM task_deadline td WHERE td.task_id = t.id), '[]') AS deadlines,
              COALESCE((SELECT json_agg(json_build_object(
                          'id', n.id, 'level', n.level, 'text', n.text, 'replyDue', n.reply_due::text, 'status', n.status,
                          'replyText', n.reply_text, 'createdAt', n.created_at) ORDER BY n.created_at)
                          FROM supervision_notice n WHERE n.task_id = t.id AND n.status <> 'closed'), '[]') AS notices
         FROM task t
         JOIN measure m ON m.id = t.measure_id
         JOIN policy_document d ON d.id = t.document_id
         LEFT JOIN LATERAL (SELECT tu.unit_id, tu.signed_at FROM task_unit tu
                             WHERE tu.task_id = t.id AND tu.role = 'lead' ORDER BY tu.position LIMIT 1) lead ON TRUE
         LEFT JOIN unit lu ON lu.id = lead.unit_id
         LEFT JOIN LATERAL (SELECT pr.period, pr.percent FROM progress_report pr
                             WHERE pr.task_id = t.id AND pr.unit_id = lead.unit_id AND pr.status IN ('submitted', 'accepted')
                             ORDER BY pr.period DESC LIMIT 1) rep ON TRUE
        WHERE t.id = $1`,
      [taskId, me],
    );
    if (!row) throw taskNotFound();
    const item = this.toListItem({ ...row, my_role: unitRole, total: 1 }, await this.assessmentSettings.current(), this.clock.today());
    return {
      ...item,
      text: row.text,
      kind: row.kind,
      deadlinePrecision: row.deadline_precision,
      reportCadence: row.report_cadence,
      evidenceRequired: row.evidence_required,
      measureTitle: row.measure_title,
      documentTitle: row.document_title,
      documentStatus: row.document_status,
      units: (row.units as TaskDetailDto['units']).map((u) => ({ ...u, signedAt: iso(u.signedAt) })),
      deadlines: (row.deadlines as TaskDetailDto['deadlines']).map((d) => ({ ...d, createdAt: iso(d.createdAt) as string })),
      notices: (row.notices as TaskDetailDto['notices']).map((n) => ({
        ...n,
        createdAt: iso(n.createdAt) as string,
        levelLabel: NOTICE_LEVEL_LABELS_ZH[n.level as NoticeLevel] ?? n.level,
      })),
      allowedTransitions: this.allowedFor(user, unitRole, row.state),
      pendingExtensionId: row.pending_extension_id,
    };
  }

  /** What the caller may do next: the office its rows, the lead unit's staff the bureau rows, others nothing. */
  private allowedFor(user: AuthUser, unitRole: 'lead' | 'co' | null, state: string): AllowedTransitionDto[] {
    if (!(TASK_STATES as readonly string[]).includes(state)) return [];
    const actor = user.role === 'office' ? 'office' : user.role === 'bureau' && unitRole === 'lead' ? 'bureau' : null;
    if (!actor) return [];
    return allowedTransitions(state as TaskState, actor).map((rule) => ({
      action: rule.action,
      actionLabel: TASK_ACTION_LABELS_ZH[rule.action],
      to: rule.to,
      reasonRequired: rule.reasonRequired,
    }));
  }

  /**
   * The task's audit trail, oldest first, a page at a time: see HISTORY_SQL for what belongs to
   * a task. Bureaus see the accepted changes (refused attempts are for the office and leaders);
   * a co-responsible unit sees report entries of its own part only, as GET /tasks/:id/reports
   * shows it only its own part. `at` is Shanghai time with its offset.
   */
  async history(user: AuthUser, taskId: string, query: PageQueryDto): Promise<TaskHistoryPageDto> {
    const { unitRole } = await this.access.check(this.dataSource.manager, user, taskId, 'read');
    const ownPartOnly = unitRole === 'co' ? user.unitId : null;
    type HistoryRow = Omit<TaskHistoryEntryDto, 'at'> & { at: Date };
    return queryPage<HistoryRow, TaskHistoryEntryDto>(
      this.dataSource,
      { with: historyEntries(taskId, user.role !== 'bureau', ownPartOnly), select: HISTORY_COLUMNS, from: sql`visible v`, orderBy: sql`v.id` },
      query,
      (r) => {
        const entry: TaskHistoryEntryDto = { ...r, id: String(r.id), at: shanghaiTimestamp(r.at) };
        return user.role === 'bureau' ? batchPartOf(entry, taskId) : entry;
      },
    );
  }
}
