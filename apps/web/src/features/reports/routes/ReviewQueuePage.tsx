import { useQuery } from '@tanstack/react-query';
import { Empty, Pagination, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageSkeleton, QueryFailure } from '@/components/StatusPages';
import { api, unwrap } from '@/lib/api-client';
import { ReportCard } from '../components/ReportCard';

/** GET /reports counts at most this many (its OpenAPI description): a full count reads "or more". */
const REPORTS_TOTAL_CAP = 1000;

/** The office's review queue: submitted reports, oldest first as the API orders them. */
export function ReviewQueuePage() {
  const [page, setPage] = useState(1);
  const [onlyWarnings, setOnlyWarnings] = useState(false);
  const reports = useQuery({
    queryKey: ['reports', 'queue', page, onlyWarnings],
    queryFn: () => unwrap(api.GET('/reports', { params: { query: { status: 'submitted', page, pageSize: 10, hasWarnings: onlyWarnings || undefined } } })),
  });
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        报告审核
      </Typography.Title>
      <Segmented
        aria-label="筛选"
        value={onlyWarnings ? 'warnings' : 'all'}
        onChange={(value) => {
          setOnlyWarnings(value === 'warnings');
          setPage(1);
        }}
        options={[
          { value: 'all', label: '全部待审核' },
          { value: 'warnings', label: '有合理性提示' },
        ]}
      />
      {reports.isPending ? (
        <PageSkeleton />
      ) : reports.isError ? (
        <QueryFailure error={reports.error} onRetry={() => void reports.refetch()} />
      ) : reports.data.items.length === 0 ? (
        <Empty description="没有待审核的进展报告。承办单位报送后会出现在这里" />
      ) : (
        <>
          {reports.data.items.map((report) => (
            <div key={report.id}>
              <ReportCard report={report} canReview showTask />
              <Link to={`/task/${report.taskId}`}>查看任务</Link>
            </div>
          ))}
          <Pagination
            current={page}
            pageSize={10}
            total={reports.data.total}
            onChange={setPage}
            showTotal={(n) => (n >= REPORTS_TOTAL_CAP ? `${REPORTS_TOTAL_CAP} 份以上` : `共 ${n} 份`)}
          />
        </>
      )}
    </Space>
  );
}
