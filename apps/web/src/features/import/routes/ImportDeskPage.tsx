import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Input,
  Progress,
  Result,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { components } from '@/api/schema';
import { useUnits } from '@/features/catalog/api/catalog';
import { api, unwrap } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { dayjs } from '@/lib/dates';
import { uploadWithProgress } from '@/lib/upload';
import { correctionsOf, previewRows, type PreviewRow, type RowEdit } from '../corrections';

type PreviewResponse = components['schemas']['ImportPreviewResponseDto'];
type CommitResult = components['schemas']['CommitResultDto'];

/**
 * The import desk: upload a document, correct its preview (units, deadlines, unit aliases) with
 * every warning shown on its line, commit it in one transaction, then publish (交办) it.
 */
export function ImportDeskPage() {
  const { message } = App.useApp();
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [uploaded, setUploaded] = useState<PreviewResponse | null>(null);
  const [committed, setCommitted] = useState<CommitResult | null>(null);
  const [published, setPublished] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setError(null);
    setUploadPercent(0);
    try {
      setUploaded(await uploadWithProgress<PreviewResponse>('/documents/imports', file, setUploadPercent));
      setCommitted(null);
      setPublished(false);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : '上传失败');
    } finally {
      setUploadPercent(null);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        文件导入
      </Typography.Title>
      {!committed && (
        <Card size="small">
          <Space direction="vertical">
            <Typography.Text id="import-rules">
              上传政策文件或任务分解表（.txt、.tsv、.docx、.xlsx、.pdf，不超过 10 MB），先预览再导入；预览阶段不保存任何内容。
            </Typography.Text>
            <Upload
              accept=".txt,.tsv,.docx,.xlsx,.pdf"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button type={uploaded ? 'default' : 'primary'} aria-describedby="import-rules" loading={uploadPercent !== null}>
                {uploaded ? '重新选择文件' : '选择文件'}
              </Button>
            </Upload>
            {uploadPercent !== null && <Progress percent={uploadPercent} size="small" aria-label="上传进度" />}
          </Space>
        </Card>
      )}
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {uploaded && !committed && (
        <PreviewEditor
          uploaded={uploaded}
          onCommitted={(result) => {
            setCommitted(result);
            message.success(result.created ? '已导入' : '该文件此前已导入，未重复写入');
          }}
        />
      )}
      {committed && (
        <Publish
          result={committed}
          published={published}
          onPublished={() => setPublished(true)}
          onAnother={() => {
            setUploaded(null);
            setCommitted(null);
          }}
        />
      )}
    </Space>
  );
}

function PreviewEditor({ uploaded, onCommitted }: { uploaded: PreviewResponse; onCommitted: (result: CommitResult) => void }) {
  const preview = uploaded.preview;
  const rows = useMemo(() => previewRows(preview), [preview]);
  const units = useUnits();
  const [edits, setEdits] = useState<Record<string, RowEdit>>({});
  const [aliases, setAliases] = useState<{ alias: string; unit: string }[]>([]);
  const [aliasDraft, setAliasDraft] = useState<{ alias: string; unit?: string }>({ alias: '' });
  const [onlyWarnings, setOnlyWarnings] = useState(preview.warnings.length > 0);
  const [committing, setCommitting] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);

  const unitNames = useMemo(() => {
    const names = new Set<string>((units.data ?? []).map((unit) => unit.name));
    for (const row of rows) row.units.forEach((name) => names.add(name));
    return [...names].sort((a, b) => a.localeCompare(b, 'zh'));
  }, [units.data, rows]);
  const edit = (key: string, change: RowEdit) => setEdits((current) => ({ ...current, [key]: { ...current[key], ...change } }));
  const shown = onlyWarnings ? rows.filter((row) => row.warnings.length > 0 || edits[row.key]) : rows;
  const unplaced = preview.warnings.filter((warning) => !warning.measure);

  const commit = async () => {
    setCommitting(true);
    setSummary(null);
    try {
      onCommitted(
        await unwrap(
          api.POST('/documents/imports/{previewId}/commit', { params: { path: { previewId: uploaded.previewId } }, body: correctionsOf(rows, edits, aliases) }),
        ),
      );
    } catch (failure) {
      const apiError = failure instanceof ApiError ? failure : null;
      setSummary(apiError ? [apiError.message, ...apiError.fields.map((field) => field.message)].join('；') : '导入失败，请稍后重试');
    } finally {
      setCommitting(false);
    }
  };

  return (
    <>
      <Card size="small" title="文件信息">
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label="标题">{preview.document.title}</Descriptions.Item>
          <Descriptions.Item label="发文机关">{preview.document.issuer ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="文号">{preview.document.docNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="措施">
            {preview.stats.measures} 项（不涉及 {preview.stats.notApplicable} 项）
          </Descriptions.Item>
          <Descriptions.Item label="任务">{preview.stats.tasks} 项</Descriptions.Item>
          <Descriptions.Item label="未分配单位">{preview.stats.unassigned} 项</Descriptions.Item>
        </Descriptions>
        {uploaded.existingDocumentId && <Alert type="info" showIcon title="该文件此前已导入；再次导入不会重复写入。" />}
      </Card>
      {preview.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`有 ${preview.warnings.length} 处需要核对，已在下表对应行标出`}
          description={
            unplaced.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {unplaced.map((w) => (
                  <li key={`${w.line}-${w.code}`}>{w.message}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Card
        size="small"
        title="预览与更正"
        extra={
          <span>
            <Switch id="only-warnings" size="small" checked={onlyWarnings} onChange={setOnlyWarnings} /> <label htmlFor="only-warnings">只看需核对的行</label>
          </span>
        }
      >
        <Table<PreviewRow>
          size="small"
          rowKey="key"
          dataSource={shown}
          pagination={{ pageSize: 20, showTotal: (n) => `共 ${n} 行` }}
          scroll={{ x: 960 }}
          rowClassName={(row) => (row.warnings.length > 0 ? 'import-row-warning' : '')}
          onRow={(row) => (row.warnings.length > 0 ? { style: { background: '#fffbe6' } } : {})}
          columns={[
            { title: '行', dataIndex: 'line', width: 60 },
            { title: '措施/任务', dataIndex: 'label', width: 170 },
            {
              title: '内容',
              dataIndex: 'text',
              render: (text: string, row) => (
                <div>
                  <Typography.Paragraph ellipsis={{ rows: 2, expandable: true, symbol: '展开' }} style={{ marginBottom: 0 }}>
                    {text}
                  </Typography.Paragraph>
                  {row.warnings.map((warning) => (
                    <Tag key={warning.code} color="warning" style={{ whiteSpace: 'normal' }}>
                      提示：{warning.message}
                    </Tag>
                  ))}
                </div>
              ),
            },
            {
              title: '责任单位（第一个为牵头）',
              key: 'units',
              width: 260,
              render: (_, row) => (
                <Select
                  mode="multiple"
                  aria-label={`${row.label} 的责任单位`}
                  style={{ width: '100%' }}
                  disabled={!row.applicable}
                  value={edits[row.key]?.units ?? row.units}
                  status={row.applicable && (edits[row.key]?.units ?? row.units).length === 0 ? 'error' : undefined}
                  placeholder="请选择责任单位"
                  options={unitNames.map((name) => ({ value: name, label: name }))}
                  onChange={(value: string[]) => edit(row.key, { units: value })}
                />
              ),
            },
            {
              title: '完成时限',
              key: 'deadline',
              width: 220,
              render: (_, row) => {
                const current = edits[row.key];
                const ongoing = current?.ongoing ?? row.ongoing;
                const date = current?.date !== undefined ? current.date : row.date;
                return (
                  <Space direction="vertical" size={2}>
                    <Typography.Text type="secondary">原文：{row.deadlineText || '未注明'}</Typography.Text>
                    <DatePicker
                      aria-label={`${row.label} 的完成时限`}
                      disabled={!row.applicable || ongoing}
                      value={date ? dayjs(date) : null}
                      onChange={(value) => edit(row.key, { date: value ? value.format('YYYY-MM-DD') : null, ongoing: false })}
                    />
                    <Checkbox disabled={!row.applicable} checked={ongoing} onChange={(event) => edit(row.key, { ongoing: event.target.checked })}>
                      长期
                    </Checkbox>
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <Card size="small" title="单位别名（合并写法不同的同一单位）">
        <Space wrap>
          <Input
            aria-label="文件中的写法"
            placeholder="文件中的写法，如 区发改局"
            value={aliasDraft.alias}
            onChange={(event) => setAliasDraft({ ...aliasDraft, alias: event.target.value })}
            style={{ width: 220 }}
          />
          <Select
            aria-label="对应的单位"
            placeholder="对应的单位"
            showSearch
            style={{ width: 220 }}
            value={aliasDraft.unit}
            options={unitNames.map((name) => ({ value: name, label: name }))}
            onChange={(unit) => setAliasDraft({ ...aliasDraft, unit })}
          />
          <Button
            disabled={aliasDraft.alias.trim().length < 2 || !aliasDraft.unit}
            onClick={() => {
              setAliases([...aliases, { alias: aliasDraft.alias.trim(), unit: aliasDraft.unit! }]);
              setAliasDraft({ alias: '' });
            }}
          >
            添加别名
          </Button>
        </Space>
        {aliases.length > 0 && (
          <ul>
            {aliases.map((a) => (
              <li key={a.alias}>
                {a.alias} → {a.unit}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {summary && <Alert type="error" showIcon title={summary} role="alert" />}
      <Space>
        <Button type="primary" loading={committing} onClick={() => void commit()}>
          确认导入
        </Button>
        <Typography.Text type="secondary">已更正 {Object.keys(edits).length} 行</Typography.Text>
      </Space>
    </>
  );
}

function Publish({ result, published, onPublished, onAnother }: { result: CommitResult; published: boolean; onPublished: () => void; onAnother: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [publishing, setPublishing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const publish = async () => {
    setPublishing(true);
    setError(null);
    try {
      await unwrap(api.POST('/documents/{id}/publish', { params: { path: { id: result.documentId } } }));
      message.success('已交办，各责任单位将收到通知');
      void queryClient.invalidateQueries();
      onPublished();
    } catch (failure) {
      const apiError = failure instanceof ApiError ? failure : null;
      setError(apiError ? [apiError.message, ...apiError.fields.map((field) => field.message)].join('；') : '交办失败');
    } finally {
      setPublishing(false);
    }
  };
  return (
    <Result
      status="success"
      title={published ? '已交办' : `已导入：${result.measures} 项措施、${result.tasks} 项任务`}
      subTitle={published ? '各责任单位可在“我的任务”中签收。' : '文件尚未交办；交办后各单位才能看到任务。'}
      extra={
        <Space direction="vertical" align="center">
          {error && <Alert type="error" showIcon title={error} role="alert" />}
          <Space>
            {!published && (
              <Button type="primary" loading={publishing} onClick={() => void publish()}>
                交办
              </Button>
            )}
            {published && (
              <Link to={`/task-list?documentId=${result.documentId}`}>
                <Button type="primary">查看任务</Button>
              </Link>
            )}
            <Button onClick={onAnother}>导入其他文件</Button>
          </Space>
        </Space>
      }
    />
  );
}
