import { randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import * as FileType from 'file-type';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, reportNotEditable, reportNotFound } from '@luoshi/domain/errors';
import { isReportEditable } from '@luoshi/domain/lifecycles';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import type { AttachmentSummaryDto } from '../reports/dto/report-response.dto';
import { toAttachmentSummary } from '../reports/report.mapper';
import { TaskAccessService } from '../tasks/task-access.service';
import { AuditedWriter, RefusalTarget } from '../audit/audited-writer';
import { receiveToTempFile } from './attachment-storage';
import { AttachmentsRepository, AttachmentWithReport, ReportRef } from './attachments.repository';
import type { AttachmentLimitsDto } from './dto/attachment-limits.dto';

/** Types accepted, by what the bytes say (never by the file name or the browser's Content-Type). */
export const ALLOWED_ATTACHMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
};
export const ALLOWED_TYPES_ZH = '仅支持 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPEG 文件';
/** the file name endings a picker offers (the type is still checked by content) */
export const ATTACHMENT_EXTENSIONS = ['.pdf', '.docx', '.xlsx', '.png', '.jpg', '.jpeg'];
/** at most this many files per report */
export const MAX_ATTACHMENTS_PER_REPORT = 20;

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
const attachmentNotFound = () => new DomainError('not_found', 'ATTACHMENT_NOT_FOUND', '未找到该附件');
const attachmentTooLarge = () => new DomainError('too_large', 'ATTACHMENT_TOO_LARGE', '附件超过大小限制');

export interface AttachmentDownload {
  stream: ReadStream;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
}

/**
 * Report attachments (佐证材料) on disk under ATTACHMENT_DIR with generated names. Uploads are
 * authorised before a byte is read, streamed to a temp file with the size limit enforced by
 * the parser (memory stays flat, the upload is cut off at the limit), typed by magic bytes,
 * hashed (SHA-256), then moved into place and recorded with an audit entry in one transaction.
 * Uploads and deletes run through AuditedWriter: a refused one (409, 413, 415, 422, 400) leaves
 * an entry with outcome 'refused', its code and the report it was for (`reportId`, as every
 * attachment entry has, so the task's history finds it after the file is gone).
 */
@Injectable()
export class AttachmentsService implements OnModuleInit {
  private readonly dir: string;
  private readonly maxBytes: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly attachments: AttachmentsRepository,
    private readonly access: TaskAccessService,
    private readonly audit: AuditService,
    private readonly writer: AuditedWriter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.dir = resolve(config.ATTACHMENT_DIR);
    this.maxBytes = config.ATTACHMENT_MAX_BYTES;
  }

  /** What an upload may be, so the report form states it before anyone picks a file. */
  limits(): AttachmentLimitsDto {
    return {
      maxBytes: this.maxBytes,
      maxFilesPerReport: MAX_ATTACHMENTS_PER_REPORT,
      extensions: ATTACHMENT_EXTENSIONS,
      mediaTypes: [...new Set(Object.values(ALLOWED_ATTACHMENT_TYPES))],
      description: `${ALLOWED_TYPES_ZH}，单个文件不超过 ${formatMegabytes(this.maxBytes)}，每份报告最多 ${MAX_ATTACHMENTS_PER_REPORT} 个`,
    };
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  async uploadTo(user: AuthUser, reportId: string, req: FastifyRequest): Promise<AttachmentSummaryDto> {
    const target: RefusalTarget = { action: 'attachment.upload', entityType: 'attachment', entityId: null, context: { reportId } };
    return this.writer.attempt(user, target, async () => {
      // 1. authorise before reading the body
      const authorised = await this.dataSource.transaction((manager) => this.loadWritableReport(manager, user, reportId, false));
      target.context = { reportId, taskId: authorised.task_id };
      return this.receive(user, reportId, req);
    });
  }

  private async receive(user: AuthUser, reportId: string, req: FastifyRequest): Promise<AttachmentSummaryDto> {
    // 2. stream to a temp file (size limit enforced while streaming)
    const file = await receiveToTempFile(req, this.dir, this.maxBytes, attachmentTooLarge);
    let finalPath: string | null = null;
    try {
      // 3. type by magic bytes
      const detected = await FileType.fromFile(file.path);
      const mediaType = detected ? ALLOWED_ATTACHMENT_TYPES[detected.ext] : undefined;
      if (!detected || !mediaType) {
        throw new DomainError('unsupported', 'ATTACHMENT_TYPE_NOT_ALLOWED', `不支持该文件类型。${ALLOWED_TYPES_ZH}`, {
          detected: detected?.mime ?? null,
        });
      }
      // 4. into place under a generated name, then record it
      const storedName = randomUUID();
      finalPath = join(this.dir, storedName);
      await rename(file.path, finalPath);
      const originalName = cleanFileName(file.fileName, detected.ext);
      return await this.dataSource.transaction(async (manager) => {
        const report = await this.loadWritableReport(manager, user, reportId, true);
        if ((await this.attachments.countForReport(manager, reportId)) >= MAX_ATTACHMENTS_PER_REPORT) {
          throw new DomainError('rule_violated', 'ATTACHMENT_LIMIT_REACHED', `每份报告最多上传${MAX_ATTACHMENTS_PER_REPORT}个附件`);
        }
        const row = await this.attachments.insert(manager, {
          report_id: reportId,
          unit_id: report.unit_id,
          original_name: originalName,
          stored_name: storedName,
          media_type: mediaType,
          size_bytes: file.size,
          sha256: file.sha256,
          created_by: user.id,
        });
        await this.audit.record(manager, user, {
          action: 'attachment.upload',
          entityType: 'attachment',
          entityId: row.id,
          after: { reportId, taskId: report.task_id, fileName: originalName, mediaType, sizeBytes: file.size, sha256: file.sha256 },
        });
        return toAttachmentSummary(row);
      });
    } catch (err) {
      await unlink(finalPath ?? file.path).catch(() => undefined);
      throw err;
    }
  }

  async openForDownload(user: AuthUser, attachmentId: string): Promise<AttachmentDownload> {
    const row = await this.dataSource.transaction(async (manager) => {
      const found = await this.loadAttachment(manager, attachmentId);
      const { unitRole } = await this.access.check(manager, user, found.report_task_id, 'read');
      // a unit reads its own files; the lead unit reads every part of its task
      if (unitRole === 'co' && found.report_unit_id !== user.unitId) {
        // answered as if it did not exist: the id of another unit's file is not confirmed
        await this.writer.refused(
          user,
          { action: 'attachment.access', entityType: 'attachment', entityId: attachmentId, context: { reportId: found.report_id } },
          new DomainError('forbidden', 'ATTACHMENT_FORBIDDEN', '只能查看本单位上传的附件'),
        );
        throw attachmentNotFound();
      }
      return found;
    });
    const path = join(this.dir, basename(row.stored_name));
    try {
      await stat(path);
    } catch {
      throw new DomainError('not_found', 'ATTACHMENT_FILE_MISSING', '附件文件不存在，请联系管理员');
    }
    return { stream: createReadStream(path), fileName: row.original_name, mediaType: row.media_type, sizeBytes: Number(row.size_bytes) };
  }

  async remove(user: AuthUser, attachmentId: string): Promise<void> {
    const target: RefusalTarget = { action: 'attachment.delete', entityType: 'attachment', entityId: attachmentId };
    const storedName = await this.writer.run(user, target, async (manager) => {
      const found = await this.loadAttachment(manager, attachmentId);
      target.context = { reportId: found.report_id, taskId: found.report_task_id };
      const report = await this.loadWritableReport(manager, user, found.report_id, true);
      await this.attachments.delete(manager, attachmentId);
      await this.audit.record(manager, user, {
        action: 'attachment.delete',
        entityType: 'attachment',
        entityId: attachmentId,
        before: { reportId: report.id, taskId: report.task_id, fileName: found.original_name, sha256: found.sha256, sizeBytes: Number(found.size_bytes) },
      });
      return found.stored_name;
    });
    await unlink(join(this.dir, basename(storedName))).catch(() => undefined);
  }

  // ---------------------------------------------------------------- helpers

  /** The report, if the caller may change its attachments: the office, or a bureau of the report's own unit, while editable. */
  private async loadWritableReport(manager: EntityManager, user: AuthUser, reportId: string, lock: boolean): Promise<ReportRef> {
    const report = await this.attachments.report(manager, reportId, lock);
    if (!report) throw reportNotFound();
    await this.access.check(manager, user, report.task_id, 'write');
    if (user.role !== 'office' && report.unit_id !== user.unitId) {
      const target: RefusalTarget = { action: 'attachment.access', entityType: 'attachment', entityId: null, context: { reportId } };
      await this.writer.forbid(user, target, 'REPORT_FORBIDDEN', '只能管理本单位报告的附件');
    }
    if (!isReportEditable(report.status)) {
      throw reportNotEditable('attachments', { status: report.status, allowed: ['draft', 'returned'] });
    }
    return report;
  }

  private async loadAttachment(manager: EntityManager, attachmentId: string): Promise<AttachmentWithReport> {
    const row = await this.attachments.withReport(manager, attachmentId);
    if (!row) throw attachmentNotFound();
    return row;
  }
}

/** C0/C1 controls, and the bidi marks, embeddings, overrides and isolates that make `日本語\u202eFDP.exe` display as `日本語exe.PDF`. */
// eslint-disable-next-line no-control-regex -- control characters are what this strips
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g;
/** the client's extension, if the name has one */
const CLIENT_EXTENSION = /\.[A-Za-z0-9]{1,10}$/;

/**
 * The name an attachment is stored and served under: the client's name without its path, control
 * and bidi characters, and with the extension of the type its bytes were detected as (`evil.html`
 * holding a PDF is `evil.pdf`), so the name never promises another type than the one served.
 */
export function cleanFileName(raw: string | undefined, ext: string): string {
  const name = (raw ?? '').split(/[\\/]/).pop()!.replace(UNSAFE_NAME_CHARACTERS, '').trim();
  const stem =
    name
      .replace(CLIENT_EXTENSION, '')
      .replace(/[.\s]+$/, '')
      .slice(0, 200) || '附件';
  return `${stem}.${ext}`;
}

/** `attachment; filename="ascii"; filename*=UTF-8''utf8` (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
