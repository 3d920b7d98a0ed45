import { Clock, preparedRows, queryRows, sql } from '@luoshi/infra';
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
import { assessRow, AssessmentSettings, AssessmentSettingsSource } from '@luoshi/core';
import { LightDayService } from '@luoshi/core';
import { TaskAccessService } from './task-access.service';
import { fromJsonRow, JsonTaskRow, readsStoredLight, TaskRow, taskListQuery } from './task-list.query';
import { batchPartOf, HISTORY_COLUMNS, historyEntries } from './task-history.query';
import type { ListTasksQueryDto } from './dto/list-tasks-query.dto';
import type { PageQueryDto } from '../common/page-query.dto';
import { queryPage } from '../common/paging';
import type { AllowedTransitionDto, TaskDetailDto, TaskHistoryEntryDto, TaskHistoryPageDto, TaskListItemDto, TaskPageDto } from './dto/task-response.dto';

/** The detail's row: a list row with the task's text, its units, deadlines and open notices as JSON. */
interface TaskDetailRow extends TaskRow {
  text: string;
  kind: string;
  evidence_required: boolean;
  measure_title: string;
  document_title: string;
  document_status: string;
  units: TaskDetailDto['units'];
  deadlines: TaskDetailDto['deadlines'];
  notices: TaskDetailDto['notices'];
  pending_extension_id: string | null;
}

/** json_build_object writes Postgres timestamps; the API speaks ISO 8601 UTC like everywhere else. */
function iso(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
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
    const scope = this.access.listScope(user, 't');
    await this.access.assertUnitFilter(this.dataSource.manager, user, query.unitId);
    if (readsStoredLight(scope, query)) await this.lightDays.ensureCurrent();
    const { page, preparable, count } = taskListQuery({ scope, query, today, settings });
    const [{ page: pageRows }] = preparable
      ? await preparedRows<{ page: JsonTaskRow[] }>(this.dataSource.manager, page)
      : await queryRows<{ page: JsonTaskRow[] }>(this.dataSource, page);
    const rows = pageRows.map(fromJsonRow);

    const items = rows.map((row) => this.toListItem(row, settings, today));
    // a page past the end has no row to carry the count
    const total =
      rows.length > 0 ? Number(rows[0].total) : query.page === 1 ? 0 : Number((await queryRows<{ total: string }>(this.dataSource, count))[0].total);
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
    const [row] = await queryRows<TaskDetailRow>(
      this.dataSource,
      sql`SELECT t.id, t.title, t.text, t.kind, t.state, t.state_reason, t.due_date::text AS due_date, t.deadline_precision, t.deadline_text,
              t.report_cadence, t.evidence_required, t.published_at, t.document_id, t.measure_id, t.version, t.updated_at,
              m.number AS measure_number, m.title AS measure_title, d.title AS document_title, d.status AS document_status,
              lead.unit_id AS lead_unit_id, lu.name AS lead_unit_name,
              CASE WHEN ${me}::uuid IS NULL THEN lead.signed_at
                   ELSE (SELECT my.signed_at FROM task_unit my WHERE my.task_id = t.id AND my.unit_id = ${me}::uuid) END AS signed_at,
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
        WHERE t.id = ${taskId}`,
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
      units: row.units.map((u) => ({ ...u, signedAt: iso(u.signedAt) })),
      deadlines: row.deadlines.map((d) => ({ ...d, createdAt: iso(d.createdAt) as string })),
      notices: row.notices.map((n) => ({
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
