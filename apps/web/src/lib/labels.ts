import type { components } from '@/api/schema';

type Schemas = components['schemas'];
export type TaskState = Schemas['TaskListItemDto']['state'];
export type Light = Schemas['TaskListItemDto']['light'];
export type Role = Schemas['UserResponseDto']['role'];
export type ReportStatus = Schemas['ReportResponseDto']['status'];

/** Typed by the API's enums: a state added there fails the type check here until it has a label. */
export const TASK_STATE_LABELS: Record<TaskState, string> = {
  not_started: '未启动',
  in_progress: '推进中',
  submitted_done: '已完成待审核',
  completed: '已办结',
  not_applicable: '不涉及',
};

/** A light is never colour alone: its word goes with it. */
export const LIGHTS: Record<Light, { word: string; color: string }> = {
  red: { word: '红灯', color: 'red' },
  yellow: { word: '黄灯', color: 'gold' },
  green: { word: '绿灯', color: 'green' },
};

export const ROLE_LABELS: Record<Role, string> = {
  office: '统筹办',
  leader: '领导',
  bureau: '承办单位',
};

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: '草稿',
  submitted: '已报送待审核',
  accepted: '审核通过',
  returned: '已退回',
};

export const UNIT_ROLE_LABELS: Record<string, string> = { lead: '牵头', co: '配合' };

export const NOTICE_LEVEL_LABELS: Record<string, string> = { blue: '蓝色督办', yellow: '黄色督办', red: '红色督办' };
