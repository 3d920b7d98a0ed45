import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { documentNotFound } from '@luoshi/domain/errors';
import { likePattern } from '../common/like-pattern';
import { Page } from '../common/paging';
import type { ListDocumentsQueryDto, ListMeasuresQueryDto } from './dto/list-documents-query.dto';
import type { DocumentDetailDto, DocumentSummaryDto, MeasureDto } from './dto/document-response.dto';
import { DocumentsRepository, type DocumentSummaryRow } from './documents.repository';

/** Dates as the API writes them (what JSON.stringify would make of the Date). */
const withIsoDates = <R extends Pick<DocumentSummaryRow, 'createdAt' | 'publishedAt'>>(row: R) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
});

/** Read models for documents and their measures (SQL in DocumentsRepository). */
@Injectable()
export class DocumentsQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentsRepository,
  ) {}

  /** `q` finds a document by its title or 文号 (the pickers search here instead of reading a first page). */
  async listDocuments(query: ListDocumentsQueryDto): Promise<Page<DocumentSummaryDto>> {
    const page = await this.documents.page(query.q ? likePattern(query.q) : null, query);
    return { ...page, items: page.items.map(withIsoDates) };
  }

  async getDocument(id: string): Promise<DocumentDetailDto> {
    const doc = await this.documents.detail(id);
    if (!doc) throw documentNotFound();
    return withIsoDates(doc);
  }

  /** One snapshot: a document deleted between the check and the page cannot show as an empty page. */
  listMeasures(documentId: string, query: ListMeasuresQueryDto): Promise<Page<MeasureDto>> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      if (!(await this.documents.exists(manager, documentId))) throw documentNotFound();
      return this.documents.measuresPage(manager, documentId, query.q ? likePattern(query.q) : null, query);
    });
  }
}
