import { Alert, Button, DatePicker, Form, Input, Modal, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { mapApiErrorToForm } from '@/lib/form-errors';
import type { Dayjs } from 'dayjs';

export interface ActionField {
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'date' | 'select';
  required?: boolean;
  maxLength?: number;
  options?: { value: string; label: string }[];
  initialValue?: unknown;
}

interface Props {
  /** the button that opens the form */
  trigger: { label: string; type?: 'primary' | 'default'; danger?: boolean };
  title: string;
  description?: ReactNode;
  fields: ActionField[];
  okText?: string;
  /** values with dates as YYYY-MM-DD strings; throw the ApiError to show it next to the fields */
  onSubmit: (values: Record<string, string | undefined>) => Promise<unknown>;
}

/**
 * One way of doing a small write (退回, 延期申请, 督办, 反馈 …): a button, a modal form with labelled
 * fields, and the API's errors shown next to the field they name (the rest above the form).
 */
export function ActionModal({ trigger, title, description, fields, okText = '确定', onSubmit }: Props) {
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);
  const [form] = Form.useForm();

  const submit = async (raw: Record<string, unknown>) => {
    setSaving(true);
    setSummary(null);
    const values: Record<string, string | undefined> = {};
    for (const field of fields) {
      const value = raw[field.name];
      values[field.name] = field.kind === 'date' && value ? (value as Dayjs).format('YYYY-MM-DD') : (value as string | undefined) || undefined;
    }
    try {
      await onSubmit(values);
      setOpen(false);
      form.resetFields();
    } catch (error) {
      const mapped = mapApiErrorToForm(
        error,
        fields.map((field) => field.name),
      );
      form.setFields(mapped.fields);
      setSummary(mapped.summary);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button type={trigger.type} danger={trigger.danger} onClick={() => setOpen(true)}>
        {trigger.label}
      </Button>
      <Modal
        open={open}
        title={title}
        okText={okText}
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {description}
        {summary && <Alert type="error" showIcon title={summary} style={{ marginBottom: 12 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {fields.map((field) => (
            <Form.Item
              key={field.name}
              name={field.name}
              label={field.label}
              initialValue={field.initialValue}
              rules={field.required ? [{ required: true, message: `请填写${field.label}` }] : []}
            >
              {field.kind === 'textarea' ? (
                <Input.TextArea rows={4} maxLength={field.maxLength} showCount={Boolean(field.maxLength)} />
              ) : field.kind === 'date' ? (
                <DatePicker style={{ width: '100%' }} />
              ) : field.kind === 'select' ? (
                <Select options={field.options} />
              ) : (
                <Input maxLength={field.maxLength} />
              )}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}
