/**
 * Supervision notice (督办) levels, mildest first. Kept apart from supervision.ts because
 * both the traffic light (which reads open notices) and supervision (which suggests a
 * level from the traffic light's assessment) need them.
 */
export const NOTICE_LEVELS = ['blue', 'yellow', 'red'] as const;
export type NoticeLevel = (typeof NOTICE_LEVELS)[number];

export const NOTICE_LEVEL_LABELS_ZH: Record<NoticeLevel, string> = {
  blue: '蓝色督办',
  yellow: '黄色督办',
  red: '红色督办',
};
