import type { AssessableRow, AssessmentSettings } from '@luoshi/core';
import { lightDay, lightSql, storedLightSql, taskLightColumns } from '@luoshi/core';
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
const OPEN_STATES_SQL = `('not_started', 'in_progress')`;

/** The caller's scope as TaskAccessService.listScope gives it: a bureau's unit (its task_unit rows `mu` drive the list), or null. */
export interface TaskListScope {
  unitId: string | null;
  taskWhere: string;
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
  page: { text: string; values: unknown[] };
  /** whether `page`'s text is one of a bounded set (limitClause), to keep prepared */
  preparable: boolean;
  /** the total alone, for a page past the end */
  count: { text: string; values: unknown[] };
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
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // a bureau's unit, bound first
  const unitParam = scope.unitId === null ? null : param(scope.unitId);
  // A bureau's conditions on its own task_unit rows (mu) are answered by ix_task_unit_unit_due,
  // whose copies of the task's due date, publication and state stand in for the task's columns;
  // the other conditions need the task row (t). Office and leader: everything on t.
  const bureau = unitParam !== null;
  const onUnit: string[] = unitParam ? [`(mu.unit_id = ${unitParam} AND mu.task_published)`] : [];
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
  // the office and leaders filter on the verdict stored on the task (index ranges), current for today (the caller saw to it)
  const stored = readsStoredLight(scope, query);
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
  // the dashboard's notice and extension numbers (dashboard.service / dashboard-tally.repository
  // count the same rows): open = not closed; a reply overdue = not replied and due before today.
  // The dashboard counts notices, this list tasks: they differ only for a task with two open
  // notices of one level (or two overdue replies); a task has at most one pending extension (409).
  const openNotice = (condition: string) => `EXISTS (SELECT 1 FROM supervision_notice n WHERE n.task_id = t.id AND n.status <> 'closed' AND ${condition})`;
  if (query.noticeLevel) onTask.push(openNotice(`n.level = ${param(query.noticeLevel)}`));
  if (query.noticeReplyOverdue !== undefined) {
    const replyOverdue = openNotice(`n.replied_at IS NULL AND n.reply_due < ${param(today)}::date`);
    onTask.push(query.noticeReplyOverdue ? replyOverdue : `NOT ${replyOverdue}`);
  }
  if (query.extensionPending !== undefined) {
    const pending = `EXISTS (SELECT 1 FROM extension_request e WHERE e.task_id = t.id AND e.status = 'pending')`;
    onTask.push(query.extensionPending ? pending : `NOT ${pending}`);
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
  // a bureau's whole list (no condition but its scope): the count the database keeps
  // per unit (unit_task_count); otherwise counted
  const wholeUnitList = bureau && onUnit.length === 1 && onTask.length === 0;
  // the office/leader with filters task_tally keeps: its published tasks summed from the tally
  // (a few hundred rows; the same stored verdict the filter reads), the unpublished ones, which
  // the tally leaves out and are few, counted (ix_task_unpublished)
  const tallied = countsFromTally(scope, query);
  const countSql = wholeUnitList
    ? `SELECT coalesce((SELECT c.published FROM unit_task_count c WHERE c.unit_id = ${unitParam}), 0) AS total`
    : tallied
      ? `SELECT ((SELECT coalesce(sum(k.tasks), 0) FROM task_tally k WHERE ${tallyWhere(query, param).join(' AND ')})
                + (SELECT count(*) FROM task t WHERE t.published_at IS NULL AND ${counted.where}))::bigint AS total`
      : `SELECT count(*) AS total FROM ${counted.from} WHERE ${counted.where}`;
  const countParams = params.length;

  // The total is counted apart when the page can stop after its rows: a bureau in due-date order
  // without conditions on the task (the count then unit_task_count's row or an index-only scan of
  // its task_unit entries, the page a walk of ix_task_unit_unit_due), the office/leader in ascending due-date order
  // (ix_task_due). When the page has to read and sort every candidate anyway, that one pass counts
  // them (count(*) OVER ()).
  const countApart = bureau ? unitOrdered && onTask.length === 0 : tallied || (query.sort === 'dueDate' && direction === 'ASC');
  const windowCount = !countApart;
  // literals: a generic plan takes a LIMIT parameter for 10% of the rows (limitClause)
  const limitSql = limitClause(query);
  const limit = ` ${limitSql.text}`;

  const taskColumns = `t.id, t.title, t.state, t.state_reason, t.due_date::text AS due_date, t.deadline_precision, t.deadline_text,
                       t.report_cadence, t.published_at, t.document_id, t.measure_id, t.version, t.updated_at`;
  const unitColumns = bureau ? 'mu.role AS my_role, mu.signed_at AS my_signed_at' : 'NULL::text AS my_role';
  const orderBy = `ORDER BY ${keyOrder}${limit}`;
  // the page's rows: when the page is chosen on task_unit alone, its keys first, then their tasks
  const pageSql =
    page.from === 'task_unit mu'
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
           (SELECT array_agg(n.level) FROM supervision_notice n WHERE n.task_id = p.id AND n.status <> 'closed') AS notice_levels${
             !windowCount
               ? `,
           (${countSql}) AS total`
               : ''
           }
      FROM (${pageSql}) p
      JOIN measure m ON m.id = p.measure_id
      LEFT JOIN LATERAL (SELECT tu.unit_id, tu.signed_at, (SELECT u.name FROM unit u WHERE u.id = tu.unit_id) AS unit_name
                           FROM task_unit tu WHERE tu.task_id = p.id AND tu.role = 'lead' ORDER BY tu.position LIMIT 1) lead ON TRUE
      LEFT JOIN LATERAL (SELECT pr.period, pr.percent FROM progress_report pr
                          WHERE pr.task_id = p.id AND pr.unit_id = lead.unit_id AND pr.status IN ('submitted', 'accepted')
                          ORDER BY pr.period DESC LIMIT 1) rep ON TRUE`;
  // The page comes back as one JSON array (one value for the driver to parse instead of ~25
  // typed columns per row); the text varies only with which filters are given, so it is prepared.
  return {
    page: { text: `SELECT coalesce(json_agg(l ORDER BY l.sort_key ${direction} NULLS LAST, l.id ${direction}), '[]') AS page FROM (${sql}) l`, values: params },
    preparable: limitSql.preparable,
    count: { text: countSql, values: params.slice(0, countParams) },
  };
}

/** task_tally's conditions for the list's filters (countsFromTally said they all are its dimensions). */
function tallyWhere(query: ListTasksQueryDto, param: (value: unknown) => string): string[] {
  const where = query.unitId
    ? [`k.unit_id = ${param(query.unitId)}::uuid`, query.role ? `k.role = ${param(query.role)}` : `k.role <> 'all'`]
    : [`k.unit_id = '${TALLY_TOTALS_UNIT}'::uuid`, `k.role = 'all'`];
  if (query.state) where.push(`k.state = ${param(query.state)}`);
  if (query.light) where.push(`k.light = ${param(query.light)}`);
  for (const flag of Object.keys(TALLY_FLAGS) as (keyof typeof TALLY_FLAGS)[]) {
    if (query[flag] !== undefined) where.push(`${query[flag] ? '' : 'NOT '}k.${TALLY_FLAGS[flag]}`);
  }
  return where;
}
