/**
 * Plausibility warnings on a progress report (进展情况). They never block submission: the
 * bureau sees them before submitting and the office sees them while reviewing.
 */

export type ReportWarningCode = 'PERCENT_100_NOT_DONE' | 'TEXT_UNCHANGED' | 'EVIDENCE_MISSING';

export interface ReportWarning {
  code: ReportWarningCode;
  /** Simplified Chinese, shown to users */
  message: string;
}

export interface ReportWarningInput {
  /** percent complete; null for tasks reported by milestone */
  percent: number | null;
  /** the task is submitted_done or completed */
  markedDone: boolean;
  text: string;
  /** the same unit's report text for the previous period; null when there is none */
  previousText: string | null;
  attachmentCount: number;
  /** the task asks for supporting documents (佐证材料) */
  evidenceRequired: boolean;
}

export function reportWarnings(input: ReportWarningInput): ReportWarning[] {
  const warnings: ReportWarning[] = [];
  if (input.percent === 100 && !input.markedDone) {
    warnings.push({
      code: 'PERCENT_100_NOT_DONE',
      message: '进度已填报100%，但任务尚未报请办结，请确认是否已完成',
    });
  }
  if (input.previousText !== null && sameText(input.text, input.previousText)) {
    warnings.push({
      code: 'TEXT_UNCHANGED',
      message: '本期进展与上期内容相同，请填写本期新的进展',
    });
  }
  if (input.evidenceRequired && input.attachmentCount === 0) {
    warnings.push({
      code: 'EVIDENCE_MISSING',
      message: '该任务要求提供佐证材料，本期未上传附件',
    });
  }
  return warnings;
}

/**
 * Equal once all whitespace is removed. Chinese prose has no spaces between words, so any
 * whitespace is layout (line breaks, copied indentation, full-width spaces) and a report
 * re-pasted with a different layout still counts as unchanged.
 */
function sameText(a: string, b: string): boolean {
  const withoutWhitespace = (text: string) => text.replace(/\s+/g, '');
  return withoutWhitespace(a) === withoutWhitespace(b);
}
