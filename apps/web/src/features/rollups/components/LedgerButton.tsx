import { App, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '@/lib/api-error';
import { downloadFile } from '@/lib/download';
import { useLedger, useRequestLedger, type LedgerFilters } from '../api/rollups';

const STATUS_TEXT: Record<string, string> = { queued: '排队中', building: '正在生成', ready: '已生成', failed: '生成失败' };

/**
 * 导出台账: asks the worker for the .xlsx of the tasks these filters select, shows its progress
 * (the API is polled) and offers the file when it is written.
 */
export function LedgerButton({ filters, label = '导出台账' }: { filters: LedgerFilters; label?: string }) {
  const { message } = App.useApp();
  const request = useRequestLedger();
  const [ledgerId, setLedgerId] = useState<string>();
  const ledger = useLedger(ledgerId);
  const [downloading, setDownloading] = useState(false);
  const status = ledger.data?.status;

  const start = async () => {
    try {
      const created = await request.mutateAsync(filters);
      setLedgerId(created.id);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '申请导出失败，请稍后重试');
    }
  };
  const download = async () => {
    if (!ledger.data?.fileUrl) return;
    setDownloading(true);
    try {
      await downloadFile(ledger.data.fileUrl, `工作台账-${ledger.data.asOf ?? ''}.xlsx`);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '下载失败，请稍后重试');
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Space wrap>
      <Button onClick={() => void start()} loading={request.isPending || status === 'queued' || status === 'building'}>
        {label}
      </Button>
      {status && (
        <Typography.Text type={status === 'failed' ? 'danger' : 'secondary'} role="status">
          台账{STATUS_TEXT[status] ?? status}
          {status === 'ready' && ledger.data?.rowCount != null && `（${ledger.data.rowCount} 项任务）`}
          {status === 'failed' && '，请重新申请'}
        </Typography.Text>
      )}
      {status === 'ready' && (
        <Button type="primary" onClick={() => void download()} loading={downloading}>
          下载台账
        </Button>
      )}
    </Space>
  );
}
