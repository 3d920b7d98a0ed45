import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { documentNotFound } from '@luoshi/domain/errors';
import { sql } from '@luoshi/infra';
import { likePattern } from '../common/like-pattern';
import { Page, queryPage } from '../common/paging';
import type { ListDocumentsQueryDto, ListMeasuresQueryDto } from './dto/list-documents-query.dto';
import type { DocumentSummaryDto, MeasureDto } from './dto/document-response.dto';

/** Read models for documents and their measures, aggregated in Postgres. */
@Injectable()
export class DocumentsQueryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `q` finds a document by its title or 文号 (the pickers search here instead of reading a first page). */
  listDocuments(query: ListDocumentsQueryDto): Promise<Page<DocumentSummaryDto>> {
    const pattern = query.q ? likePattern(query.q) : null;
    return queryPage(this.dataSource, {
      select: sql`d.id, d.title, d.issuer, d.doc_number AS "docNumber", d.issue_date::text AS "issueDate", d.level,
              d.default_year AS "defaultYear", d.shape, d.status, d.created_at AS "createdAt", d.published_at AS "publishedAt", d.demo_shift_days AS "demoShiftDays",
              (SELECT count(*) FROM measure m WHERE m.document_id = d.id)::int AS measures,
              (SELECT count(*) FROM task t WHERE t.document_id = d.id)::int AS tasks`,
      from: sql`policy_document d`,
      where: pattern ? [sql`(d.title ILIKE ${pattern} OR d.doc_number ILIKE ${pattern})`] : [],
      orderBy: sql`d.created_at DESC, d.id`,
    }, query);
  }

  async getDocument(id: string) {
    const [doc] = await this.dataSource.query(
      `SELECT d.id, d.title, d.issuer, d.doc_number AS "docNumber", d.issue_date::text AS "issueDate", d.level,
              d.default_year AS "defaultYear", d.shape, d.status, d.source_name AS "sourceName", d.created_at AS "createdAt",
              d.published_at AS "publishedAt", d.demo_shift_days AS "demoShiftDays",
              COALESCE((SELECT json_agg(json_build_object('id', s.id, 'heading', s.heading, 'lead', u.name) ORDER BY s.ordinal)
                          FROM document_section s LEFT JOIN unit u ON u.id = s.lead_unit_id WHERE s.document_id = d.id), '[]') AS sections
         FROM policy_document d WHERE d.id = $1`,
      [id],
    );
    if (!doc) throw documentNotFound();
    return doc;
  }

  /** One snapshot: a document deleted between the check and the page cannot show as an empty page. */
  listMeasures(documentId: string, query: ListMeasuresQueryDto): Promise<Page<MeasureDto>> {
    const pattern = query.q ? likePattern(query.q) : null;
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [doc] = await manager.query(`SELECT 1 FROM policy_document WHERE id = $1`, [documentId]);
      if (!doc) throw documentNotFound();
      return queryPage<MeasureDto>(manager, {
        select: sql`m.id, m.number, p.number AS parent, s.heading AS section, m.title, m.body, m.applicable,
              m.not_applicable_reason AS "notApplicableReason", m.upstream_text AS "upstreamText",
              m.upstream_leads AS "upstreamLeads", m.goal, lu.name AS lead,
              COALESCE((SELECT json_agg(json_build_object('name', c.name, 'phone', c.phone, 'unit', cu.name))
                          FROM contact c LEFT JOIN unit cu ON cu.id = c.unit_id WHERE c.measure_id = m.id), '[]') AS contacts,
              COALESCE((SELECT json_agg(json_build_object(
                          'id', t.id, 'kind', t.kind, 'ordinal', t.ordinal, 'title', t.title, 'text', t.text, 'state', t.state,
                          'deadline', json_build_object('text', t.deadline_text, 'date', t.due_date::text, 'precision', t.deadline_precision),
                          'units', COALESCE((SELECT json_agg(json_build_object('unit', u.name, 'role', tu.role, 'section', us.name, 'nameAsWritten', tu.name_as_written) ORDER BY tu.position)
                                               FROM task_unit tu JOIN unit u ON u.id = tu.unit_id LEFT JOIN unit_section us ON us.id = tu.section_id
                                              WHERE tu.task_id = t.id), '[]')
                        ) ORDER BY t.kind <> 'work', t.kind, t.ordinal)
                          FROM task t WHERE t.measure_id = m.id), '[]') AS tasks`,
        from: sql`measure m
         LEFT JOIN measure p ON p.id = m.parent_id
         LEFT JOIN document_section s ON s.id = m.section_id
         LEFT JOIN unit lu ON lu.id = m.lead_unit_id`,
        where: [
          sql`m.document_id = ${documentId}`,
          ...(pattern
            ? [sql`(m.number ILIKE ${pattern} OR m.title ILIKE ${pattern} OR EXISTS (SELECT 1 FROM task t WHERE t.measure_id = m.id AND t.title ILIKE ${pattern}))`]
            : []),
        ],
        orderBy: sql`m.ordinal, m.id`,
      }, query);
    });
  }
}
