import { sql, type Sql } from '@luoshi/infra';
import type { TaskHistoryEntryDto } from './dto/task-response.dto';

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
export function historyEntries(taskId: string, showRefused: boolean, ownUnit: string | null): Sql {
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
export const HISTORY_COLUMNS = sql`v.id, v.at, v.action, v.entity_type AS "entityType", v.entity_id AS "entityId", v.outcome,
             v.actor_user_id AS "actorUserId", (SELECT au.display_name FROM app_user au WHERE au.id = v.actor_user_id) AS "actorName",
             v.actor_role AS "actorRole", v.actor_unit_id AS "actorUnitId",
             (SELECT un.name FROM unit un WHERE un.id = v.actor_unit_id) AS "actorUnitName",
             v.before, v.after, v.request_id AS "requestId"`;

/**
 * A batch entry as a bureau sees it in one task's history: only this task's report of the
 * batch (the other tasks of the batch may be ones its unit has no part in).
 */
export function batchPartOf(entry: TaskHistoryEntryDto, taskId: string): TaskHistoryEntryDto {
  const after = entry.after;
  if (entry.entityType !== 'measure' || !after || !Array.isArray(after.taskIds)) return entry;
  const i = (after.taskIds as unknown[]).indexOf(taskId);
  const reportIds = Array.isArray(after.reportIds) ? (after.reportIds as unknown[]) : [];
  return { ...entry, after: { ...after, taskIds: [taskId], reportIds: i >= 0 && reportIds[i] !== undefined ? [reportIds[i]] : [] } };
}
