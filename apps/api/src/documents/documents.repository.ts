import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRow, sql, type Sql } from '@luoshi/infra';
import { Page, PageRequest, queryPage } from '../common/paging';

/** A document in the list, as the query returns it. */
export interface DocumentSummaryRow {
  id: string;
  title: string;
  issuer: string | null;
  docNumber: string | null;
  issueDate: string | null;
  level: string;
  defaultYear: number;
  shape: string;
  status: string;
  createdAt: Date;
  publishedAt: Date | null;
  demoShiftDays: number | null;
  measures: number;
  tasks: number;
}

/** One document with its sections. */
export interface DocumentDetailRow extends Omit<DocumentSummaryRow, 'measures' | 'tasks'> {
  sourceName: string | null;
  sections: { id: string; heading: string; lead: string | null }[];
}

/** A measure with its contacts and tasks (aggregated as JSON: dates already text). */
export interface MeasureRow {
  id: string;
  number: string;
  parent: string | null;
  section: string | null;
  title: string;
  body: string | null;
  applicable: boolean;
  notApplicableReason: string | null;
  upstreamText: string | null;
  upstreamLeads: string[];
  goal: string | null;
  lead: string | null;
  cadence: string;
  contacts: { name: string; phone: string | null; unit: string | null }[];
  tasks: {
    id: string;
    kind: string;
    ordinal: number;
    title: string;
    text: string;
    state: string;
    deadline: { text: string; date: string | null; precision: string };
    units: { unit: string; role: string; section: string | null; nameAsWritten: string | null }[];
  }[];
}

/** The columns of a measure; `visibleTasks` limits which of its tasks it lists (a condition on `t`). */
const measureColumns = (visibleTasks: Sql) => sql`m.id, m.number, p.number AS parent, s.heading AS section, m.title, m.body, m.applicable,
  m.not_applicable_reason AS "notApplicableReason", m.upstream_text AS "upstreamText",
  m.upstream_leads AS "upstreamLeads", m.goal, lu.name AS lead, m.report_cadence AS cadence,
  COALESCE((SELECT json_agg(json_build_object('name', c.name, 'phone', c.phone, 'unit', cu.name))
              FROM contact c LEFT JOIN unit cu ON cu.id = c.unit_id WHERE c.measure_id = m.id), '[]') AS contacts,
  COALESCE((SELECT json_agg(json_build_object(
              'id', t.id, 'kind', t.kind, 'ordinal', t.ordinal, 'title', t.title, 'text', t.text, 'state', t.state,
              'deadline', json_build_object('text', t.deadline_text, 'date', t.due_date::text, 'precision', t.deadline_precision),
              'units', COALESCE((SELECT json_agg(json_build_object('unit', u.name, 'role', tu.role, 'section', us.name, 'nameAsWritten', tu.name_as_written) ORDER BY tu.position)
                                   FROM task_unit tu JOIN unit u ON u.id = tu.unit_id LEFT JOIN unit_section us ON us.id = tu.section_id
                                  WHERE tu.task_id = t.id), '[]')
            ) ORDER BY t.kind <> 'work', t.kind, t.ordinal)
              FROM task t WHERE t.measure_id = m.id AND ${visibleTasks}), '[]') AS tasks`;

const MEASURE_FROM = sql`measure m
  LEFT JOIN measure p ON p.id = m.parent_id
  LEFT JOIN document_section s ON s.id = m.section_id
  LEFT JOIN unit lu ON lu.id = m.lead_unit_id`;

/** SQL of the documents' read models (list, detail, measures), aggregated in Postgres. */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first; `pattern` (a LIKE pattern) matches the title or 文号. */
  page(pattern: string | null, page: PageRequest): Promise<Page<DocumentSummaryRow>> {
    return queryPage<DocumentSummaryRow>(
      this.dataSource,
      {
        select: sql`d.id, d.title, d.issuer, d.doc_number AS "docNumber", d.issue_date::text AS "issueDate", d.level,
              d.default_year AS "defaultYear", d.shape, d.status, d.created_at AS "createdAt", d.published_at AS "publishedAt", d.demo_shift_days AS "demoShiftDays",
              (SELECT count(*) FROM measure m WHERE m.document_id = d.id)::int AS measures,
              (SELECT count(*) FROM task t WHERE t.document_id = d.id)::int AS tasks`,
        from: sql`policy_document d`,
        where: pattern ? [sql`(d.title ILIKE ${pattern} OR d.doc_number ILIKE ${pattern})`] : [],
        orderBy: sql`d.created_at DESC, d.id`,
      },
      page,
    );
  }

  detail(id: string): Promise<DocumentDetailRow | undefined> {
    return queryRow<DocumentDetailRow>(
      this.dataSource,
      sql`SELECT d.id, d.title, d.issuer, d.doc_number AS "docNumber", d.issue_date::text AS "issueDate", d.level,
                 d.default_year AS "defaultYear", d.shape, d.status, d.source_name AS "sourceName", d.created_at AS "createdAt",
                 d.published_at AS "publishedAt", d.demo_shift_days AS "demoShiftDays",
                 COALESCE((SELECT json_agg(json_build_object('id', s.id, 'heading', s.heading, 'lead', u.name) ORDER BY s.ordinal)
                             FROM document_section s LEFT JOIN unit u ON u.id = s.lead_unit_id WHERE s.document_id = d.id), '[]') AS sections
            FROM policy_document d WHERE d.id = ${id}`,
    );
  }

  async exists(db: EntityManager, id: string): Promise<boolean> {
    return (await queryRow(db, sql`SELECT 1 FROM policy_document WHERE id = ${id}`)) !== undefined;
  }

  /** A document's measures in document order; `pattern` matches the number, the title or a task's title. */
  measuresPage(db: EntityManager, documentId: string, pattern: string | null, page: PageRequest): Promise<Page<MeasureRow>> {
    const where = [sql`m.document_id = ${documentId}`];
    if (pattern) {
      where.push(
        sql`(m.number ILIKE ${pattern} OR m.title ILIKE ${pattern} OR EXISTS (SELECT 1 FROM task t WHERE t.measure_id = m.id AND t.title ILIKE ${pattern}))`,
      );
    }
    return queryPage<MeasureRow>(db, { select: measureColumns(sql`TRUE`), from: MEASURE_FROM, where, orderBy: sql`m.ordinal, m.id` }, page);
  }

  /**
   * One measure, if the caller may see it: `visibleTasks` is the caller's task scope (a condition
   * on `t`); unless `everyMeasure`, the measure must have a task in it, and only those tasks are listed.
   */
  measure(id: string, visibleTasks: Sql, everyMeasure: boolean): Promise<MeasureRow | undefined> {
    const seen = everyMeasure ? sql`TRUE` : sql`EXISTS (SELECT 1 FROM task t WHERE t.measure_id = m.id AND ${visibleTasks})`;
    return queryRow<MeasureRow>(this.dataSource, sql`SELECT ${measureColumns(visibleTasks)} FROM ${MEASURE_FROM} WHERE m.id = ${id} AND ${seen}`);
  }
}
