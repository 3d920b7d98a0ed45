import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Progress, Radio, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { PageSkeleton, QueryFailure } from '@/components/StatusPages';
import { useTask } from '@/features/tasks/api/tasks';
import { api, unwrap } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { formatDate } from '@/lib/dates';
import { mapApiErrorToForm } from '@/lib/form-errors';
import { REPORT_STATUS_LABELS } from '@/lib/labels';
import { uploadWithProgress } from '@/lib/upload';
import { useDraft, type Draft } from '../api/reports';
import { attachmentProblem, useAttachmentLimits } from '../attachment-rules';

export interface ReportFormValues {
  mode: 'percent' | 'milestone';
  text: string;
  percent?: number | null;
  milestone?: string | null;
  problems?: string | null;
  nextSteps?: string | null;
  alsoFor?: string[];
}

const FORM_FIELDS = ['text', 'percent', 'milestone', 'problems', 'nextSteps'] as const;

/** The body the API takes from the form: percent or milestone, never both; blanks as null. */
export function reportContentOf(values: ReportFormValues) {
  const blankToNull = (value: string | null | undefined) => (value && value.trim() ? value.trim() : null);
  return {
    text: values.text.trim(),
    percent: values.mode === 'percent' ? (values.percent ?? null) : null,
    milestone: values.mode === 'milestone' ? blankToNull(values.milestone) : null,
    problems: blankToNull(values.problems),
    nextSteps: blankToNull(values.nextSteps),
  };
}

export function ReportPage() {
  const { id = '' } = useParams();
  const task = useTask(id);
  const draft = useDraft(id);
  if (task.isPending || draft.isPending) return <PageSkeleton />;
  if (task.isError) return <QueryFailure error={task.error} />;
  if (draft.isError) return <QueryFailure error={draft.error} onRetry={() => void draft.refetch()} />;
  return <ReportForm taskId={id} measureId={task.data.measureId} taskTitle={task.data.title} draft={draft.data} />;
}

function ReportForm({ taskId, measureId, taskTitle, draft }: { taskId: string; measureId: string; taskTitle: string; draft: Draft }) {
  const [form] = Form.useForm<ReportFormValues>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [summary, setSummary] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const report = draft.report;
  const editable = report.status === 'draft' || report.status === 'returned';
  const mode = Form.useWatch('mode', form);
  const limits = useAttachmentLimits();
  // other tasks of the same measure this unit reports on: one submission can cover them all
  const siblings = useQuery({
    queryKey: ['tasks', 'mine', { measureId }],
    queryFn: () => unwrap(api.GET('/tasks/mine', { params: { query: { measureId, pageSize: 50 } } })),
    enabled: editable,
  });
  const others = (siblings.data?.items ?? []).filter((task) => task.id !== taskId && task.state !== 'completed' && task.state !== 'not_applicable');

  const reload = async () => {
    await queryClient.invalidateQueries({ queryKey: ['task', taskId] });
    await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    await queryClient.invalidateQueries({ queryKey: ['dashboard'] });
  };
  const showError = (error: unknown) => {
    const mapped = mapApiErrorToForm(error, FORM_FIELDS);
    form.setFields(mapped.fields);
    setSummary(mapped.summary);
  };

  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy('save');
    setSummary(null);
    try {
      await unwrap(
        api.PUT('/tasks/{taskId}/reports/{period}', {
          params: { path: { taskId, period: draft.period } },
          body: { ...reportContentOf(values), version: report.version ?? undefined },
        }),
      );
      message.success('草稿已保存');
      await reload();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy('submit');
    setSummary(null);
    try {
      const content = reportContentOf(values);
      const alsoFor = values.alsoFor ?? [];
      if (alsoFor.length > 0) {
        await unwrap(
          api.POST('/reports/batch', {
            body: {
              ...content,
              period: draft.period,
              submit: true,
              items: [{ taskId, version: report.version ?? undefined }, ...alsoFor.map((id) => ({ taskId: id }))],
            },
          }),
        );
      } else {
        await unwrap(
          api.POST('/tasks/{taskId}/reports/{period}/submit', {
            params: { path: { taskId, period: draft.period } },
            body: { ...content, version: report.version ?? undefined },
          }),
        );
      }
      message.success(alsoFor.length > 0 ? `已报送 ${alsoFor.length + 1} 项任务的本期进展` : '本期进展已报送');
      await reload();
      void navigate(`/task/${taskId}`);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    if (!report.id) return;
    setUploadPercent(0);
    try {
      await uploadWithProgress(`/reports/${report.id}/attachments`, file, setUploadPercent);
      message.success(`已上传“${file.name}”`);
      await reload();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '上传失败');
    } finally {
      setUploadPercent(null);
    }
  };
  const removeAttachment = async (attachmentId: string) => {
    try {
      await unwrap(api.DELETE('/attachments/{id}', { params: { path: { id: attachmentId } } }));
      await reload();
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '删除失败');
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 880 }}>
      <div>
        <Link to={`/task/${taskId}`}>← 返回任务</Link>
        <Typography.Title level={3} style={{ margin: '4px 0' }}>
          填报进展：{draft.periodLabel}
        </Typography.Title>
        <Typography.Text type="secondary">
          {taskTitle} · 报送截止 {formatDate(draft.reportDueDate)} · 当前：{REPORT_STATUS_LABELS[report.status]}
        </Typography.Text>
      </div>
      {!draft.existing && draft.prefilledFrom && <Alert type="info" showIcon title={`已按 ${draft.prefilledFrom} 期内容预填，请据实修改后保存或报送`} />}
      {report.status === 'returned' && report.reviewComment && <Alert type="warning" showIcon title={`统筹办退回意见：${report.reviewComment}`} />}
      {!editable && (
        <Alert type="success" showIcon title={report.status === 'accepted' ? '本期进展已审核通过' : '本期进展已报送，待统筹办审核；退回后可修改'} />
      )}
      {summary && <Alert type="error" showIcon title={summary} role="alert" />}
      <Card>
        <Form<ReportFormValues>
          form={form}
          layout="vertical"
          disabled={!editable}
          initialValues={{
            mode: report.milestone ? 'milestone' : 'percent',
            text: report.text,
            percent: report.percent,
            milestone: report.milestone,
            problems: report.problems,
            nextSteps: report.nextSteps,
            alsoFor: [],
          }}
        >
          <Form.Item label="本期工作进展" name="text" rules={[{ required: true, whitespace: true, message: '请填写本期工作进展' }]}>
            <Input.TextArea rows={5} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item label="报送方式" name="mode">
            <Radio.Group
              options={[
                { value: 'percent', label: '按完成百分比' },
                { value: 'milestone', label: '按节点' },
              ]}
            />
          </Form.Item>
          {mode === 'milestone' ? (
            <Form.Item label="节点进展" name="milestone" rules={[{ required: true, whitespace: true, message: '请填写已完成的节点' }]}>
              <Input maxLength={200} placeholder="例如：已完成方案起草，进入征求意见" />
            </Form.Item>
          ) : (
            <Form.Item label="完成进度（%）" name="percent" rules={[{ required: true, message: '请填写完成进度' }]}>
              <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} addonAfter="%" />
            </Form.Item>
          )}
          <Form.Item label="存在问题" name="problems">
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item label="下步打算" name="nextSteps">
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          {editable && others.length > 0 && (
            <Form.Item label="同一措施下，同时报送以下任务（内容相同）" name="alsoFor">
              <Checkbox.Group
                options={others.map((task) => ({ value: task.id, label: task.title }))}
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              />
            </Form.Item>
          )}
        </Form>
        <Typography.Title level={5}>佐证材料</Typography.Title>
        <Typography.Paragraph type="secondary" id="attachment-rules">
          {limits.data?.description ?? (limits.isError ? '暂时无法读取附件要求，上传时将由系统检查' : '正在读取附件要求…')}
        </Typography.Paragraph>
        <Space direction="vertical" style={{ width: '100%' }}>
          {(report.attachments ?? []).map((file) => (
            <Space key={file.id}>
              <span>{file.fileName}</span>
              {editable && (
                <Button size="small" type="link" danger onClick={() => void removeAttachment(file.id)} aria-label={`删除附件 ${file.fileName}`}>
                  删除
                </Button>
              )}
            </Space>
          ))}
          {editable && report.id && (
            <Upload
              accept={limits.data?.extensions.join(',')}
              showUploadList={false}
              beforeUpload={(file) => {
                const problem = limits.data ? attachmentProblem(file, limits.data, report.attachments?.length ?? 0) : null;
                if (problem) {
                  message.error(problem);
                  return Upload.LIST_IGNORE;
                }
                void upload(file);
                return false;
              }}
            >
              <Button aria-describedby="attachment-rules" loading={uploadPercent !== null}>
                上传附件
              </Button>
            </Upload>
          )}
          {uploadPercent !== null && <Progress percent={uploadPercent} size="small" aria-label="上传进度" />}
          {editable && !report.id && <Typography.Text type="secondary">保存草稿后即可上传附件</Typography.Text>}
        </Space>
      </Card>
      {editable && (
        <Space wrap>
          <Button onClick={() => void save()} loading={busy === 'save'} disabled={busy !== null}>
            保存草稿
          </Button>
          <Button type="primary" onClick={() => void submit()} loading={busy === 'submit'} disabled={busy !== null}>
            报送
          </Button>
        </Space>
      )}
    </Space>
  );
}
