/**
 * Progress report (进展报告) lifecycle: a unit saves a draft and submits it; the office accepts
 * it or returns it with a comment; a returned report is edited (back to draft) and submitted again.
 * An accepted report is final.
 */
import type { Lifecycle } from './lifecycle';

export const REPORT_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReportAction = 'save_draft' | 'submit' | 'accept' | 'return';

export const REPORT_LIFECYCLE: Lifecycle<ReportStatus, ReportAction> = {
  errorCode: 'REPORT_ILLEGAL_TRANSITION',
  nounZh: '进展报告',
  states: REPORT_STATUSES,
  labelsZh: { draft: '草稿', submitted: '已报送', accepted: '已采纳', returned: '已退回' },
  actionLabelsZh: { save_draft: '保存草稿', submit: '报送', accept: '采纳', return: '退回' },
  steps: [
    { action: 'save_draft', from: ['draft', 'returned'], to: 'draft' },
    { action: 'submit', from: ['draft', 'returned'], to: 'submitted' },
    { action: 'accept', from: ['submitted'], to: 'accepted' },
    { action: 'return', from: ['submitted'], to: 'returned' },
  ],
};

/** A report the unit may still change (text, attachments). */
export function isReportEditable(status: ReportStatus): boolean {
  return status === 'draft' || status === 'returned';
}
