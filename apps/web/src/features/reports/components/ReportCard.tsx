import { Button, Card, Descriptions, Progress, Space, Tag, Typography, App } from 'antd';
import { ActionModal } from '@/components/ActionModal';
import { formatDateTime } from '@/lib/dates';
import { ApiError } from '@/lib/api-error';
import { downloadAttachment } from '@/lib/download';
import { REPORT_STATUS_LABELS } from '@/lib/labels';
import { useReviewReport, type Report } from '../api/reports';

const STATUS_COLORS: Record<Report['status'], string> = { draft: 'default', submitted: 'blue', accepted: 'green', returned: 'orange' };

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** One period's report with its attachments; the office reviews a submitted one here. */
export function ReportCard({ report, canReview, showTask = false }: { report: Report; canReview: boolean; showTask?: boolean }) {
  const { message } = App.useApp();
  const review = useReviewReport();
  const accept = async () => {
    try {
      await review.mutateAsync({ report, decision: 'accept' });
      message.success('已审核通过');
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '操作失败');
    }
  };
  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <span>{report.period} 期</span>
          {showTask && report.taskTitle && <Typography.Text type="secondary">{report.taskTitle}</Typography.Text>}
          <span>{report.unitName}</span>
          <Tag color={STATUS_COLORS[report.status]}>{REPORT_STATUS_LABELS[report.status]}</Tag>
        </Space>
      }
      extra={
        canReview && report.status === 'submitted' ? (
          <Space>
            <Button type="primary" size="small" loading={review.isPending} onClick={() => void accept()}>
              审核通过
            </Button>
            <ActionModal
              trigger={{ label: '退回' }}
              title="退回进展报告"
              fields={[{ name: 'comment', label: '退回意见', kind: 'textarea', required: true, maxLength: 2000 }]}
              okText="退回"
              onSubmit={(values) => review.mutateAsync({ report, decision: 'return', comment: values.comment })}
            />
          </Space>
        ) : undefined
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label="本期进展">
          <span style={{ whiteSpace: 'pre-wrap' }}>{report.text}</span>
        </Descriptions.Item>
        {report.percent !== null && (
          <Descriptions.Item label="完成进度">
            <Progress percent={report.percent} size="small" style={{ maxWidth: 240 }} />
          </Descriptions.Item>
        )}
        {report.milestone && <Descriptions.Item label="节点进展">{report.milestone}</Descriptions.Item>}
        {report.problems && <Descriptions.Item label="存在问题">{report.problems}</Descriptions.Item>}
        {report.nextSteps && <Descriptions.Item label="下步打算">{report.nextSteps}</Descriptions.Item>}
        {report.warnings.length > 0 && <Descriptions.Item label="合理性提示">{report.warnings.map((warning) => warning.message).join('；')}</Descriptions.Item>}
        {report.reviewComment && <Descriptions.Item label="审核意见">{report.reviewComment}</Descriptions.Item>}
        {report.submittedAt && <Descriptions.Item label="报送时间">{formatDateTime(report.submittedAt)}</Descriptions.Item>}
        {(report.attachments ?? []).length > 0 && (
          <Descriptions.Item label="附件">
            <Space direction="vertical" size={0}>
              {(report.attachments ?? []).map((file) => (
                <Button
                  key={file.id}
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  onClick={() =>
                    void downloadAttachment(file.id, file.fileName).catch((error: unknown) =>
                      message.error(error instanceof ApiError ? error.message : '下载失败'),
                    )
                  }
                >
                  {file.fileName}（{formatBytes(file.sizeBytes)}）
                </Button>
              ))}
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
