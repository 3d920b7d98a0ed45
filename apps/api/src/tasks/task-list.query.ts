import type { AssessableRow, AssessmentSettings } from '@luoshi/core';
import { lightDay, lightSql, storedLightSql, taskLightColumns } from '@luoshi/core';
import { empty, join, raw, type Sql, sql } from '@luoshi/infra';
import { likePattern } from '../common/like-pattern';
import { limitClause } from '../common/paging';
import type { ListTasksQueryDto } from './dto/list-tasks-query.dto';

export interface TaskRow extends AssessableRow {
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
export type JsonTaskRow = Omit<TaskRow, 'published_at' | 'signed_at' | 'updated_at'> & {
  published_at: string | null;
  signed_at: string | null;
  updated_at: string;
};

export function fromJsonRow(row: JsonTaskRow): TaskRow {
  return {
    ...row,
    published_at: row.published_at === null ? null : new Date(row.published_at),
    signed_at: row.signed_at === null ? null : new Date(row.signed_at),
    updated_at: new Date(row.updated_at),
  };
}

const ORDER_COLUMNS = { dueDate: 'due_date', updatedAt: 'updated_at', title: 'title' } as const;

/** States in which the bureau still owes work: the only ones assessTask can call overdue. */
const OPEN_STATES = sql`('not_started', 'in_progress')`;

/** The caller's scope as TaskAccessService.listScope gives it: a bureau's unit (its task_unit rows `mu` drive the list), or null. */
export interface TaskListScope {
  unitId: string | null;
  taskWhere: Sql;
}

/** task_tally's key for the totals (migration TaskTally): each published task once, role 'all'. */
const TALLY_TOTALS_UNIT = '00000000-0000-0000-0000-000000000000';

/** The flags task_tally keeps, by the list's filter name (lagging = report_missing OR progress_behind, as storedLightSql). */
const TALLY_FLAGS = {
  overdue: 'overdue',
  dueSoon: 'due_soon',
  receiptOverdue: 'receipt_overdue',
  reportMissing: 'report_missing',
  lagging: 'lagging',
} as const;

/**
 * Whether the office's/leader's total can be read from task_tally: every filter given is one of
 * its dimensions (unit with or without role, state, stored light and flags). A role without a
 * unit is not (a task with two co units would count twice), nor anything on the task's text,
 * document, measure, deadline bound, notices or extensions.
 */
export function countsFromTally(scope: TaskListScope, query: ListTasksQueryDto): boolean {
  const other = [query.dueBefore, query.measureId, query.documentId, query.q, query.noticeLevel, query.noticeReplyOverdue, query.extensionPending];
  return scope.unitId === null && other.every((value) => value === undefined) && (query.role === undefined || query.unitId !== undefined);
}

/** Whether the list filters on the verdict stored on the task (office and leaders): LightDayService.ensureCurrent first. */
export function readsStoredLight(scope: TaskListScope, query: ListTasksQueryDto): boolean {
  const flags = [query.overdue, query.light, query.receiptOverdue, query.reportMissing, query.dueSoon, query.lagging];
  return scope.unitId === null && flags.some((flag) => flag !== undefined);
}

export interface TaskListQuery {
  /** the page as one JSON array (`page`), each row carrying the filtered total */
  page: Sql;
  /** whether `page`'s text is one of a bounded set (limitClause), to keep prepared */
  preparable: boolean;
  /** the total alone, for a page past the end */
  count: Sql;
}

/**
 * The list's SQL: the scope and the filters select and sort a page of task keys, index-driven (a
 * bureau: ix_task_unit_unit_due over its task_unit rows and their copies of the task's due date,
 * publication and state, so page 1 in due-date order and the total never read the unit's other
 * tasks; the office: task(due_date, id), task(light, due_date, id), the partial overdue index,
 * task(state, due_date), task(document_id), task(measure_id)); only the page's rows then get the
 * task's columns, their measure number, lead unit, the reports' latest period and open notices.
 */
export function taskListQuery(input: { scope: TaskListScope; query: ListTasksQueryDto; today: string; settings: AssessmentSettings }): TaskListQuery {
  const { scope, query, today, settings } = input;
  // A bureau's conditions on its own task_unit rows (mu) are answered by ix_task_unit_unit_due,
  // whose copies of the task's due date, publication and state stand in for the task's columns;
  // the other conditions need the task row (t). Office and leader: everything on t.
  const bureau = scope.unitId !== null;
  const onUnit: Sql[] = bureau ? [sql`(mu.unit_id = ${scope.unitId} AND mu.task_published)`] : [];
  const onTask: Sql[] = [];
  const onKeys = bureau ? onUnit : onTask;
  const dueDate = raw(bureau ? 'mu.task_due_date' : 't.due_date');
  const state = raw(bureau ? 'mu.task_state' : 't.state');

  if (bureau) {
    if (query.role) onUnit.push(sql`mu.role = ${query.role}`);
  } else if (query.unitId) {
    const role = query.role ? sql` AND fu.role = ${query.role}` : empty;
    onTask.push(sql`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.unit_id = ${query.unitId}${role})`);
  } else if (query.role) {
    onTask.push(sql`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.role = ${query.role})`);
  }
  if (query.state) onKeys.push(sql`${state} = ${query.state}`);
  // the office and leaders filter on the verdict stored on the task (index ranges), current for today (the caller saw to it)
  const stored = readsStoredLight(scope, query);
  if (stored && query.overdue !== undefined) {
    onTask.push(query.overdue ? sql`t.overdue` : sql`NOT t.overdue`);
  } else if (query.overdue === true) {
    onKeys.push(sql`${state} IN ${OPEN_STATES} AND ${dueDate} < ${today}::date`);
    onTask.push(sql`t.deadline_precision <> 'ongoing'`);
  } else if (query.overdue === false) {
    onTask.push(sql`NOT (t.state IN ${OPEN_STATES} AND t.deadline_precision <> 'ongoing' AND t.due_date IS NOT NULL AND t.due_date < ${today}::date)`);
  }
  if (query.dueBefore) onKeys.push(sql`${dueDate} <= ${query.dueBefore}::date`);
  if (query.measureId) onTask.push(sql`t.measure_id = ${query.measureId}`);
  if (query.documentId) onTask.push(sql`t.document_id = ${query.documentId}`);
  if (query.q) onTask.push(sql`t.title ILIKE ${likePattern(query.q)} ESCAPE '\\'`);
  // the light and the flags assessTask derives: the office's stored verdict, or for a bureau (the
  // signature that counts for receipt is its own) SQL over the task row and its copies
  const light = stored ? storedLightSql('t') : lightSql(taskLightColumns('t', raw('mu.signed_at')), lightDay(today, settings));
  if (query.light) onTask.push(light[query.light]);
  for (const flag of ['receiptOverdue', 'reportMissing', 'dueSoon', 'lagging'] as const) {
    const wanted = query[flag];
    if (wanted !== undefined) onTask.push(wanted ? light[flag] : sql`NOT ${light[flag]}`);
  }
  // the dashboard's notice and extension numbers (dashboard.service / dashboard-tally.repository
  // count the same rows): open = not closed; a reply overdue = not replied and due before today.
  // The dashboard counts notices, this list tasks: they differ only for a task with two open
  // notices of one level (or two overdue replies); a task has at most one pending extension (409).
  const openNotice = (condition: Sql) => sql`EXISTS (SELECT 1 FROM supervision_notice n WHERE n.task_id = t.id AND n.status <> 'closed' AND ${condition})`;
  if (query.noticeLevel) onTask.push(openNotice(sql`n.level = ${query.noticeLevel}`));
  if (query.noticeReplyOverdue !== undefined) {
    const replyOverdue = openNotice(sql`n.replied_at IS NULL AND n.reply_due < ${today}::date`);
    onTask.push(query.noticeReplyOverdue ? replyOverdue : sql`NOT ${replyOverdue}`);
  }
  if (query.extensionPending !== undefined) {
    const pending = sql`EXISTS (SELECT 1 FROM extension_request e WHERE e.task_id = t.id AND e.status = 'pending')`;
    onTask.push(query.extensionPending ? pending : sql`NOT ${pending}`);
  }

  // default order: due date NULLS LAST, id tiebreak
  const sortKey = query.sort === 'dueDate' ? dueDate : raw(`t.${ORDER_COLUMNS[query.sort]}`);
  const idKey = raw(bureau ? 'mu.task_id' : 't.id');
  const ascending = query.order !== 'desc';
  const direction = raw(ascending ? 'ASC' : 'DESC');
  const keyOrder = sql`${sortKey} ${direction} NULLS LAST, ${idKey} ${direction}`;
  // a bureau in due-date order: the order is task_unit's own (ix_task_unit_unit_due)
  const unitOrdered = bureau && query.sort === 'dueDate';

  /**
   * FROM and WHERE of the rows the list selects from. A bureau's rows are its task_unit rows;
   * they read their task only when a condition (or the order) needs it, one primary-key lookup
   * each. With `inKeyOrder` the unit's rows come from a subquery sorted on task_unit alone and
   * planned on its own (left to choose, the planner sometimes read a narrow range of the unit,
   * e.g. overdue, by a parallel scan of all of task_unit to get it presorted).
   */
  const source = (readsTask: boolean, inKeyOrder: boolean) => {
    if (!bureau) return { from: sql`task t`, where: onTask.length > 0 ? join(onTask, ' AND ') : sql`TRUE` };
    if (!readsTask) return { from: sql`task_unit mu`, where: join(onUnit, ' AND ') };
    const unitRows = inKeyOrder ? sql`(SELECT * FROM task_unit mu WHERE ${join(onUnit, ' AND ')} ORDER BY ${keyOrder}) mu` : sql`task_unit mu`;
    return {
      // OFFSET 0 keeps the lateral lookup from being flattened into a hash join over every task
      from: sql`${unitRows} CROSS JOIN LATERAL (SELECT * FROM task WHERE task.id = mu.task_id OFFSET 0) t`,
      where: join([...(inKeyOrder ? [] : onUnit), scope.taskWhere, ...onTask], ' AND '),
    };
  };
  // a bureau in due-date order without conditions on the task: the page is chosen on task_unit alone
  const onUnitAlone = unitOrdered && onTask.length === 0;
  const page = source(!onUnitAlone, unitOrdered);
  const counted = source(onTask.length > 0, false);
  // a bureau's whole list (no condition but its scope): the count the database keeps
  // per unit (unit_task_count); otherwise counted
  const wholeUnitList = bureau && onUnit.length === 1 && onTask.length === 0;
  // the office/leader with filters task_tally keeps: its published tasks summed from the tally
  // (a few hundred rows; the same stored verdict the filter reads), the unpublished ones, which
  // the tally leaves out and are few, counted (ix_task_unpublished)
  const tallied = countsFromTally(scope, query);
  const count = wholeUnitList
    ? sql`SELECT coalesce((SELECT c.published FROM unit_task_count c WHERE c.unit_id = ${scope.unitId}), 0) AS total`
    : tallied
      ? sql`SELECT ((SELECT coalesce(sum(k.tasks), 0) FROM task_tally k WHERE ${join(tallyWhere(query), ' AND ')})
                + (SELECT count(*) FROM task t WHERE t.published_at IS NULL AND ${counted.where}))::bigint AS total`
      : sql`SELECT count(*) AS total FROM ${counted.from} WHERE ${counted.where}`;

  // The total is counted apart when the page can stop after its rows: a bureau in due-date order
  // without conditions on the task (the count then unit_task_count's row or an index-only scan of
  // its task_unit entries, the page a walk of ix_task_unit_unit_due), the office/leader in ascending due-date order
  // (ix_task_due). When the page has to read and sort every candidate anyway, that one pass counts
  // them (count(*) OVER ()).
  const countApart = bureau ? onUnitAlone : tallied || (query.sort === 'dueDate' && ascending);
  // literals: a generic plan takes a LIMIT parameter for 10% of the rows (limitClause)
  const limit = limitClause(query);

  const taskColumns = sql`t.id, t.title, t.state, t.state_reason, t.due_date::text AS due_date, t.deadline_precision, t.deadline_text,
                       t.report_cadence, t.published_at, t.document_id, t.measure_id, t.version, t.updated_at`;
  const unitColumns = bureau ? sql`mu.role AS my_role, mu.signed_at AS my_signed_at` : sql`NULL::text AS my_role`;
  const orderBy = sql`ORDER BY ${keyOrder} ${raw(limit.text)}`;
  // the page's rows: when the page is chosen on task_unit alone, its keys first, then their tasks
  const pageRows = onUnitAlone
    ? sql`SELECT ${taskColumns}, k.sort_key, k.my_role, k.my_signed_at
         FROM (SELECT mu.task_id, ${sortKey} AS sort_key, ${unitColumns} FROM task_unit mu WHERE ${page.where} ${orderBy}) k
         JOIN task t ON t.id = k.task_id AND ${scope.taskWhere}`
    : sql`SELECT ${taskColumns}, ${sortKey} AS sort_key, ${unitColumns}${countApart ? empty : sql`, count(*) OVER () AS total`}
         FROM ${page.from} WHERE ${page.where} ${orderBy}`;
  // only the page's rows then get their measure number, lead unit, the reports' latest period and
  // open notices (the unit name and the notices as scalar subqueries: a hash join per row with the
  // unit table cost more than the rest of the row); the count is an uncorrelated subquery, run
  // once (InitPlan)
  const rows = sql`
    SELECT p.*, m.number AS measure_number, lead.unit_id AS lead_unit_id, lead.unit_name AS lead_unit_name,
           ${bureau ? sql`p.my_signed_at` : sql`lead.signed_at`} AS signed_at,
           rep.period AS last_period, rep.percent AS last_percent,
           (SELECT array_agg(n.level) FROM supervision_notice n WHERE n.task_id = p.id AND n.status <> 'closed') AS notice_levels${
             countApart
               ? sql`,
           (${count}) AS total`
               : empty
           }
      FROM (${pageRows}) p
      JOIN measure m ON m.id = p.measure_id
      LEFT JOIN LATERAL (SELECT tu.unit_id, tu.signed_at, (SELECT u.name FROM unit u WHERE u.id = tu.unit_id) AS unit_name
                           FROM task_unit tu WHERE tu.task_id = p.id AND tu.role = 'lead' ORDER BY tu.position LIMIT 1) lead ON TRUE
      LEFT JOIN LATERAL (SELECT pr.period, pr.percent FROM progress_report pr
                          WHERE pr.task_id = p.id AND pr.unit_id = lead.unit_id AND pr.status IN ('submitted', 'accepted')
                          ORDER BY pr.period DESC LIMIT 1) rep ON TRUE`;
  // The page comes back as one JSON array (one value for the driver to parse instead of ~25
  // typed columns per row); the text varies only with which filters are given, so it is prepared.
  return {
    page: sql`SELECT coalesce(json_agg(l ORDER BY l.sort_key ${direction} NULLS LAST, l.id ${direction}), '[]') AS page FROM (${rows}) l`,
    preparable: limit.preparable,
    count,
  };
}

/** task_tally's conditions for the list's filters (countsFromTally said they all are its dimensions). */
function tallyWhere(query: ListTasksQueryDto): Sql[] {
  const where = query.unitId
    ? [sql`k.unit_id = ${query.unitId}::uuid`, query.role ? sql`k.role = ${query.role}` : sql`k.role <> 'all'`]
    : [raw(`k.unit_id = '${TALLY_TOTALS_UNIT}'::uuid`), sql`k.role = 'all'`];
  if (query.state) where.push(sql`k.state = ${query.state}`);
  if (query.light) where.push(sql`k.light = ${query.light}`);
  for (const flag of Object.keys(TALLY_FLAGS) as (keyof typeof TALLY_FLAGS)[]) {
    if (query[flag] !== undefined) where.push(raw(`${query[flag] ? '' : 'NOT '}k.${TALLY_FLAGS[flag]}`));
  }
  return where;
}
