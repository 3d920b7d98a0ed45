import { Button, Result, Skeleton } from 'antd';
import { Link } from 'react-router';
import { ApiError } from '@/lib/api-error';

export function Forbidden() {
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="该内容不属于您的单位或超出您的权限。如需查看，请联系区统筹办。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="请检查网址，或从左侧菜单进入。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}

export function PageSkeleton() {
  return <Skeleton active paragraph={{ rows: 8 }} aria-busy="true" aria-label="正在加载" />;
}

/** What a failed query shows: 无权访问 for another unit's object, else the API's Chinese message. */
export function QueryFailure({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.isForbiddenOrMissing) return <Forbidden />;
  const message = error instanceof ApiError ? error.message : '加载失败，请稍后重试';
  return <Result status="warning" title="加载失败" subTitle={message} extra={onRetry ? <Button onClick={onRetry}>重试</Button> : undefined} />;
}
