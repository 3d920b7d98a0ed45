import { Alert, App, Button, DatePicker, Empty, Grid, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { QueryFailure, PageSkeleton } from '@/components/StatusPages';
import { ApiError } from '@/lib/api-error';
import { useUrlFilters } from '@/lib/url-state';
import { useCalendar, useSaveCalendar, type CalendarDay } from '../api/admin';

const KIND_OPTIONS = [
  { value: 'holiday', label: '放假' },
  { value: 'workday', label: '调休上班' },
];

interface Row extends CalendarDay {
  key: number;
}

/** The rows' problems before saving, in Chinese, by row (the API checks them again). */
export function calendarProblems(year: number, rows: CalendarDay[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const label = `第 ${index + 1} 行`;
    if (!row.day || !row.day.startsWith(`${year}-`)) problems.push(`${label}：日期须在 ${year} 年内`);
    else if (seen.has(row.day)) problems.push(`${label}：${row.day} 重复`);
    else if (row.kind === 'workday' && ![0, 6].includes(dayjs(row.day).day())) problems.push(`${label}：调休上班只能是周六或周日`);
    if (!row.name.trim()) problems.push(`${label}：请填写名称（如“国庆节”）`);
    seen.add(row.day);
  });
  return problems;
}

/** 工作日历: one year's 节假日 and 调休 days, edited as a table and saved as a whole (PUT /calendar/:year). */
export function CalendarAdmin() {
  const { message } = App.useApp();
  const { get, update } = useUrlFilters();
  const year = Number(get('year') ?? dayjs().year());
  const calendar = useCalendar(year);
  const save = useSaveCalendar();
  const phone = !Grid.useBreakpoint().md;
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (calendar.data) setRows(calendar.data.days.map((day, key) => ({ ...day, key })));
    setError(null);
  }, [calendar.data]);

  const change = (key: number, patch: Partial<CalendarDay>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const add = () => setRows((current) => [...current, { key: Math.max(-1, ...current.map((row) => row.key)) + 1, day: '', kind: 'holiday', name: '' }]);
  const submit = async () => {
    const days = rows.map(({ day, kind, name }) => ({ day, kind, name: name.trim() }));
    const problems = calendarProblems(year, days);
    if (problems.length) {
      setError(problems.join('；'));
      return;
    }
    setError(null);
    try {
      await save.mutateAsync({ year, days: [...days].sort((a, b) => a.day.localeCompare(b.day)) });
      message.success(`${year} 年工作日历已保存`);
    } catch (caught) {
      setError(caught instanceof ApiError ? [caught.message, ...caught.fields.map((field) => field.message)].join('；') : '保存失败，请稍后重试');
    }
  };

  const dayCell = (row: Row, index: number) => (
    <DatePicker
      aria-label={`第 ${index + 1} 行日期`}
      value={row.day ? dayjs(row.day) : null}
      onChange={(value) => change(row.key, { day: value ? value.format('YYYY-MM-DD') : '' })}
      disabledDate={(date) => date.year() !== year}
      defaultPickerValue={dayjs(`${year}-01-01`)}
    />
  );
  const kindCell = (row: Row, index: number) => (
    <Select
      aria-label={`第 ${index + 1} 行类型`}
      style={{ width: 120 }}
      value={row.kind}
      onChange={(kind: CalendarDay['kind']) => change(row.key, { kind })}
      options={KIND_OPTIONS}
    />
  );
  const nameCell = (row: Row, index: number) => (
    <Input
      aria-label={`第 ${index + 1} 行名称`}
      maxLength={50}
      value={row.name}
      onChange={(event) => change(row.key, { name: event.target.value })}
      placeholder="如：国庆节"
    />
  );
  const removeCell = (row: Row, index: number) => (
    <Button
      size="small"
      type="link"
      danger
      aria-label={`删除第 ${index + 1} 行`}
      onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}
    >
      删除
    </Button>
  );

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <label htmlFor="calendar-year">年份</label>
        <InputNumber id="calendar-year" min={2000} max={2100} value={year} onChange={(value) => value && update({ year: String(value) })} />
        <Typography.Text type="secondary">只需填写与“周一至周五上班”不同的日子：节假日放假，以及调休上班的周末。国务院办公厅每年公布后录入。</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {calendar.isError ? (
        <QueryFailure error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : calendar.isPending ? (
        <PageSkeleton />
      ) : (
        <Table<Row>
          size="small"
          rowKey="key"
          dataSource={rows}
          pagination={false}
          scroll={phone ? undefined : { x: 640 }}
          locale={{ emptyText: <Empty description={`${year} 年尚未录入节假日，请点击“添加一天”`} /> }}
          columns={
            phone
              ? // at phone width a row's four controls are stacked in one cell: side by side the 名称 would be off screen
                [
                  {
                    title: '日期、类型、名称',
                    key: 'row',
                    render: (_, row, index) => (
                      <Space direction="vertical" style={{ width: '100%' }}>
                        <Space wrap>
                          {dayCell(row, index)}
                          {kindCell(row, index)}
                        </Space>
                        {nameCell(row, index)}
                        {removeCell(row, index)}
                      </Space>
                    ),
                  },
                ]
              : [
                  { title: '日期', key: 'day', width: 170, render: (_, row, index) => dayCell(row, index) },
                  { title: '类型', key: 'kind', width: 130, render: (_, row, index) => kindCell(row, index) },
                  { title: '名称', key: 'name', render: (_, row, index) => nameCell(row, index) },
                  { title: '操作', key: 'remove', width: 80, render: (_, row, index) => removeCell(row, index) },
                ]
          }
        />
      )}
      <Space>
        <Button onClick={add}>添加一天</Button>
        <Button type="primary" loading={save.isPending} onClick={() => void submit()}>
          保存 {year} 年日历
        </Button>
      </Space>
    </Space>
  );
}
