/**
 * Supervision notice (督办) lifecycle: the lead unit replies to an open notice; the office closes
 * it, after the reply or (when the matter is settled otherwise) before one.
 */
import type { Lifecycle } from './lifecycle';

export const NOTICE_STATUSES = ['open', 'replied', 'closed'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export type NoticeAction = 'reply' | 'close';

export const NOTICE_LIFECYCLE: Lifecycle<NoticeStatus, NoticeAction> = {
  errorCode: 'NOTICE_ILLEGAL_TRANSITION',
  nounZh: '督办',
  states: NOTICE_STATUSES,
  labelsZh: { open: '待反馈', replied: '已反馈', closed: '已办结' },
  actionLabelsZh: { reply: '反馈', close: '办结' },
  steps: [
    { action: 'reply', from: ['open'], to: 'replied' },
    { action: 'close', from: ['open', 'replied'], to: 'closed' },
  ],
};
