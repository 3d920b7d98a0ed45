import { Tabs, Typography } from 'antd';
import { Forbidden } from '@/components/StatusPages';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '@/lib/use-session';
import { CadenceAdmin } from '../components/CadenceAdmin';
import { CalendarAdmin } from '../components/CalendarAdmin';
import { UnitsAdmin } from '../components/UnitsAdmin';
import { UsersAdmin } from '../components/UsersAdmin';

const TABS = [
  { key: 'units', label: '单位', children: <UnitsAdmin /> },
  { key: 'users', label: '账号', children: <UsersAdmin /> },
  { key: 'calendar', label: '工作日历', children: <CalendarAdmin /> },
  { key: 'cadence', label: '报送周期', children: <CadenceAdmin /> },
];

/** 系统管理 (the office only): units, accounts, the work calendar and each measure's report cadence. */
export function ManagePage() {
  const user = useCurrentUser()!;
  const [params, setParams] = useSearchParams();
  if (user.role !== 'office') return <Forbidden />;
  const tab = TABS.find((item) => item.key === params.get('tab'))?.key ?? 'units';
  return (
    <>
      <Typography.Title level={3} style={{ margin: 0 }}>
        系统管理
      </Typography.Title>
      {/* each tab keeps its own filters in the URL; switching tabs starts from none */}
      <Tabs activeKey={tab} destroyOnHidden onChange={(key) => setParams({ tab: key })} items={TABS} />
    </>
  );
}
