import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationEntity } from '@luoshi/domain/entities';
import { Clock } from '@luoshi/infra';
import type { NotificationChannel } from '@luoshi/notifications';
import type { JobHandler } from '../jobs/job-handler';
import { IN_APP_CHANNEL } from './in-app.channel';

/** Delivers one outbox row; a row already delivered is left alone (retries are harmless). */
@Injectable()
export class DeliverNotificationHandler implements JobHandler<'notification.deliver'> {
  readonly jobName = 'notification.deliver' as const;
  private readonly logger = new Logger(DeliverNotificationHandler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IN_APP_CHANNEL) private readonly inApp: NotificationChannel,
    private readonly clock: Clock,
  ) {}

  async handle({ notificationId }: { notificationId: string }): Promise<void> {
    const notification = await this.dataSource.manager.findOne(NotificationEntity, { where: { id: notificationId } });
    if (!notification || notification.status === 'delivered') return;
    await this.inApp.deliver(notification);
    await this.dataSource.manager.update(NotificationEntity, { id: notificationId, status: 'pending' }, { status: 'delivered', deliveredAt: this.clock.now() });
    this.logger.log({ notificationId, kind: notification.kind }, 'notification delivered');
  }
}
