import { Checkbox, Select } from 'antd';
import { LIGHTS, TASK_STATE_LABELS, type Light, type TaskState } from '@/lib/labels';
import { TASK_FLAG_LABELS, type TaskFlag } from '../task-filters';

/** The filters both task lists (任务清单 and 我的任务) show, so they read and behave the same. */
export function StateFilter({ value, onChange }: { value: TaskState | undefined; onChange: (state: string | undefined) => void }) {
  return (
    <Select
      aria-label="按状态筛选"
      placeholder="任务状态"
      allowClear
      style={{ width: 150 }}
      value={value}
      onChange={onChange}
      options={(Object.keys(TASK_STATE_LABELS) as TaskState[]).map((state) => ({ value: state, label: TASK_STATE_LABELS[state] }))}
    />
  );
}

export function LightFilter({ value, onChange }: { value: Light | undefined; onChange: (light: string | undefined) => void }) {
  return (
    <Select
      aria-label="按红黄绿灯筛选"
      placeholder="红黄绿灯"
      allowClear
      style={{ width: 130 }}
      value={value}
      onChange={onChange}
      options={(Object.keys(LIGHTS) as Light[]).map((light) => ({ value: light, label: LIGHTS[light].word }))}
    />
  );
}

/** 只看逾期 / 滞后 / 超期未签收 …: each a checkbox with its own label, kept in the URL as `flag=true`. */
export function FlagFilters({
  flags,
  values,
  onChange,
}: {
  flags: TaskFlag[];
  values: Partial<Record<TaskFlag, boolean>>;
  onChange: (flag: TaskFlag, on: boolean) => void;
}) {
  return (
    <span role="group" aria-label="只看">
      {flags.map((flag) => (
        <Checkbox key={flag} checked={values[flag] === true} onChange={(event) => onChange(flag, event.target.checked)}>
          只看{TASK_FLAG_LABELS[flag]}
        </Checkbox>
      ))}
    </span>
  );
}
