import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { mapApiErrorToForm } from '@/lib/form-errors';

interface Props<T> {
  open: boolean;
  title: string;
  okText?: string;
  /** the form's field names: the API's `fields[]` errors naming them go next to the input */
  fieldNames: readonly string[];
  initialValues?: Partial<T>;
  onClose: () => void;
  /** throw the ApiError to show it next to the fields */
  onSubmit: (values: T) => Promise<unknown>;
  children: (form: FormInstance<T>) => ReactNode;
}

/** A modal form for the administration screens: labelled fields, the API's errors next to the field they name. */
export function FormModal<T extends object>({ open, title, okText = '保存', fieldNames, initialValues, onClose, onSubmit, children }: Props<T>) {
  const [form] = Form.useForm<T>();
  const [saving, setSaving] = useState(false);
  const [summary, setSummary] = useState<string | null>(null);

  const submit = async (values: T) => {
    setSaving(true);
    setSummary(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (error) {
      const mapped = mapApiErrorToForm(error, fieldNames);
      form.setFields(mapped.fields);
      setSummary(mapped.summary);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={title} okText={okText} cancelText="取消" confirmLoading={saving} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {summary && <Alert type="error" showIcon title={summary} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} initialValues={initialValues} preserve={false}>
        {children(form)}
      </Form>
    </Modal>
  );
}
