import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '@/lib/api-client';
import { mapApiErrorToForm } from '@/lib/form-errors';
import { startSession } from '@/lib/session';

interface LoginForm {
  username: string;
  password: string;
}

/** Only paths of this app are followed after login (no open redirect through ?next=). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const [form] = Form.useForm<LoginForm>();
  const [summary, setSummary] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setSummary(null);
    try {
      const session = await unwrap(api.POST('/auth/login', { body: values }));
      startSession(session);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      const mapped = mapApiErrorToForm(error, ['username', 'password']);
      form.setFields(mapped.fields);
      setSummary(mapped.summary);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          落实 · 政策落实跟踪
        </Typography.Title>
        <Typography.Paragraph type="secondary">请使用单位分配的账号登录</Typography.Paragraph>
        {summary && <Alert type="error" showIcon title={summary} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}
