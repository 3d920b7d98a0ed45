/** Extension request (延期申请) lifecycle: the office approves or rejects a pending request, once. */
import type { Lifecycle } from './lifecycle';

export const EXTENSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];
export type ExtensionAction = 'approve' | 'reject';

export const EXTENSION_LIFECYCLE: Lifecycle<ExtensionStatus, ExtensionAction> = {
  errorCode: 'EXTENSION_NOT_PENDING',
  nounZh: '延期申请',
  states: EXTENSION_STATUSES,
  labelsZh: { pending: '待审批', approved: '已批准', rejected: '已驳回' },
  actionLabelsZh: { approve: '批准', reject: '驳回' },
  steps: [
    { action: 'approve', from: ['pending'], to: 'approved' },
    { action: 'reject', from: ['pending'], to: 'rejected' },
  ],
};
