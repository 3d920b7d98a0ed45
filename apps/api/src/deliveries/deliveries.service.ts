import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DomainError, unitNotFound } from '@luoshi/domain/errors';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import { OutboundUrlPolicy } from '@luoshi/notifications/outbound';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import { DeliveriesRepository, type UnitChannelRow } from './deliveries.repository';
import type {
  DeliveryPageDto,
  ListDeliveriesQueryDto,
  NotificationPreferencesDto,
  NotificationPreferencesResponseDto,
  PutUnitChannelDto,
  QueuesHealthResponseDto,
  UnitChannel,
  UnitChannelResponseDto,
} from './dto/deliveries.dto';

export const OPERATED_QUEUES = Symbol('OPERATED_QUEUES');

/** The worker's queues as the API sees them: connections opened on the first look, not at start-up. */
export class OperatedQueues {
  private opened: Queue[] | null = null;

  constructor(private readonly open: () => Queue[]) {}

  all(): Queue[] {
    return (this.opened ??= this.open());
  }

  async close(): Promise<void> {
    await Promise.all((this.opened ?? []).map((q) => q.close().catch(() => undefined)));
  }
}

const WEBHOOK_URL = /^https?:\/\/[^\s]+$/i;

/** Channels whose address is itself a credential (anyone holding a robot's key can post to the group). */
const CREDENTIAL_ADDRESS: ReadonlySet<string> = new Set(['wecom', 'dingtalk']);

/**
 * Delivery settings and oversight: the office configures each unit's robots and webhook (secrets
 * write-only), users choose their channels, the office lists failed deliveries and sees queue health.
 */
@Injectable()
export class DeliveriesService {
  private readonly outbound: OutboundUrlPolicy;

  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly writer: AuditedWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(OPERATED_QUEUES) private readonly queues: OperatedQueues,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.outbound = new OutboundUrlPolicy(config.OUTBOUND_ALLOW_HOSTS);
  }

  async unitChannels(unitId: string): Promise<UnitChannelResponseDto[]> {
    await this.assertUnit(unitId);
    return (await this.repository.unitChannels(unitId)).map(toChannelDto);
  }

  async putUnitChannel(user: AuthUser, unitId: string, channel: UnitChannel, dto: PutUnitChannelDto): Promise<UnitChannelResponseDto> {
    const target: RefusalTarget = { action: 'unit.channel.update', entityType: 'unit', entityId: unitId, context: { channel } };
    if (channel === 'webhook') await this.assertReachable(dto.address);
    return this.writer.run(user, target, async (m) => {
      await this.assertUnit(unitId);
      const before = await this.repository.lockUnitChannel(m, unitId, channel);
      const secret = dto.secret ?? before?.secret ?? null;
      assertChannelSettings(channel, dto.address, secret);
      const saved = await this.repository.upsertUnitChannel(m, {
        unitId,
        channel,
        address: dto.address.trim(),
        secret,
        enabled: dto.enabled ?? true,
        now: this.clock.now(),
      });
      // secrets never reach the audit trail either: whether one is set, and whether it changed
      await this.audit.record(m, user, {
        action: 'unit.channel.update',
        entityType: 'unit',
        entityId: unitId,
        before: before ? { ...auditView(before), channel } : null,
        after: { ...auditView(saved), channel, secretChanged: dto.secret !== undefined && dto.secret !== before?.secret },
      });
      return toChannelDto(saved);
    });
  }

  async deleteUnitChannel(user: AuthUser, unitId: string, channel: UnitChannel): Promise<void> {
    const target: RefusalTarget = { action: 'unit.channel.delete', entityType: 'unit', entityId: unitId, context: { channel } };
    await this.writer.run(user, target, async (m) => {
      const before = await this.repository.lockUnitChannel(m, unitId, channel);
      if (!before) throw new DomainError('not_found', 'UNIT_CHANNEL_NOT_FOUND', '该单位未配置此通知渠道');
      await this.repository.deleteUnitChannel(m, unitId, channel);
      await this.audit.record(m, user, { ...target, before: { ...auditView(before), channel }, after: null });
    });
  }

  async preferences(user: AuthUser): Promise<NotificationPreferencesResponseDto> {
    const row = await this.repository.preferences(user.id);
    return { inApp: true, email: row.email, emailAddress: row.email_address };
  }

  async savePreferences(user: AuthUser, dto: NotificationPreferencesDto): Promise<NotificationPreferencesResponseDto> {
    const target: RefusalTarget = { action: 'user.notification-preferences', entityType: 'user', entityId: user.id };
    await this.writer.run(user, target, async (m) => {
      const current = await this.repository.preferences(user.id);
      if (dto.email && !current.email_address) {
        throw new DomainError('rule_violated', 'EMAIL_ADDRESS_MISSING', '账号未登记邮箱，无法开启邮件通知', {
          fields: [{ field: 'email', code: 'EMAIL_ADDRESS_MISSING', message: '请先由统筹办为账号登记邮箱' }],
        });
      }
      await this.repository.savePreferences(m, user.id, dto.email, this.clock.now());
      await this.audit.record(m, user, { ...target, before: { email: current.email }, after: { email: dto.email } });
    });
    return this.preferences(user);
  }

  async deliveries(query: ListDeliveriesQueryDto): Promise<DeliveryPageDto> {
    const page = await this.repository.page(query.status, query.channel ?? null, query);
    return {
      ...page,
      items: page.items.map((r) => ({
        id: r.id,
        notificationId: r.notification_id,
        kind: r.kind,
        title: r.title,
        channel: r.channel,
        recipient: r.recipient,
        recipientName: r.recipient_name,
        status: r.status,
        attempts: r.attempts,
        lastError: r.last_error,
        nextAttemptAt: r.next_attempt_at ? r.next_attempt_at.toISOString() : null,
        updatedAt: r.updated_at.toISOString(),
      })),
    };
  }

  async queueHealth(): Promise<QueuesHealthResponseDto> {
    const queues = await Promise.all(
      this.queues.all().map(async (queue) => ({
        name: queue.name,
        paused: await queue.isPaused(),
        counts: await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'paused'),
        schedulers: (await queue.getJobSchedulers()).map((s) => ({
          id: s.key,
          pattern: s.pattern ?? null,
          every: s.every ? Number(s.every) : null,
          tz: s.tz ?? null,
          next: s.next ? new Date(s.next).toISOString() : null,
        })),
      })),
    );
    const recentRuns = (await this.repository.recentRuns(20)).map((r) => ({
      schedule: r.schedule,
      dueAt: r.due_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
    }));
    return { queues, deliveries: await this.repository.countByStatus(), recentRuns };
  }

  /** SSRF guard on save (before the transaction: it may resolve DNS); the worker checks again at send time */
  private async assertReachable(address: string): Promise<void> {
    if (!WEBHOOK_URL.test(address.trim())) return; // malformed: assertChannelSettings says so field by field (400)
    const refused = await this.outbound.check(address);
    if (refused)
      throw new DomainError('rule_violated', refused.code, refused.message, { fields: [{ field: 'address', code: refused.code, message: refused.message }] });
  }

  private async assertUnit(unitId: string): Promise<void> {
    if (!(await this.repository.unitExists(unitId))) throw unitNotFound();
  }
}

function maskedAddress(row: Pick<UnitChannelRow, 'channel' | 'address'>): string {
  return CREDENTIAL_ADDRESS.has(row.channel) ? `****${row.address.slice(-4)}` : row.address;
}

function toChannelDto(row: UnitChannelRow): UnitChannelResponseDto {
  return {
    unitId: row.unit_id,
    channel: row.channel as UnitChannel,
    address: maskedAddress(row),
    hasSecret: row.has_secret,
    enabled: row.enabled,
    updatedAt: row.updated_at.toISOString(),
  };
}

function auditView(row: UnitChannelRow): Record<string, unknown> {
  return { address: maskedAddress(row), hasSecret: row.has_secret, enabled: row.enabled };
}

/** What each channel needs to send; refused field by field (400) before anything is written. */
function assertChannelSettings(channel: UnitChannel, address: string, secret: string | null): void {
  const fields: { field: string; code: string; message: string }[] = [];
  if (channel === 'webhook') {
    if (!WEBHOOK_URL.test(address.trim()))
      fields.push({ field: 'address', code: 'WEBHOOK_URL_INVALID', message: '请填写以 http:// 或 https:// 开头的接收地址' });
    if (!secret || !/^whsec_[A-Za-z0-9+/=]{16,}$/.test(secret))
      fields.push({ field: 'secret', code: 'WEBHOOK_SECRET_INVALID', message: '请填写 whsec_ 开头的签名密钥' });
  } else {
    if (!/^[A-Za-z0-9_-]{8,200}$/.test(address.trim()))
      fields.push({
        field: 'address',
        code: 'ROBOT_KEY_INVALID',
        message: channel === 'wecom' ? '请填写企业微信机器人 webhook 地址中的 key' : '请填写钉钉机器人的 access_token',
      });
    if (channel === 'dingtalk' && (!secret || !/^SEC[A-Za-z0-9]{8,}$/.test(secret)))
      fields.push({ field: 'secret', code: 'DINGTALK_SECRET_INVALID', message: '请填写钉钉机器人“加签”的密钥（SEC 开头）' });
  }
  if (fields.length > 0) throw new DomainError('invalid', 'UNIT_CHANNEL_INVALID', '通知渠道配置不完整或格式不正确', { fields });
}
