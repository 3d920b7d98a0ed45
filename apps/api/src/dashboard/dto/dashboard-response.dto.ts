import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATES } from '@luoshi/domain/tasks';

export class StateCountDto {
  @ApiProperty({ enum: TASK_STATES }) state: string;
  @ApiProperty({ example: '推进中' }) label: string;
  @ApiProperty() count: number;
}

export class LightCountsDto {
  @ApiProperty() red: number;
  @ApiProperty() yellow: number;
  @ApiProperty() green: number;
}

export class NoticeCountsDto {
  @ApiProperty({ description: '蓝色督办' }) blue: number;
  @ApiProperty({ description: '黄色督办' }) yellow: number;
  @ApiProperty({ description: '红色督办' }) red: number;
  @ApiProperty({ description: '合计' }) total: number;
}

export class PendingReviewCountsDto {
  @ApiProperty({ description: '已报送待审核的进展（承办单位：本单位牵头任务的全部进展，参与任务中本单位报送的进展）' }) reports: number;
  @ApiProperty({ description: '报请办结待审核的任务（submitted_done）' }) completions: number;
  @ApiProperty({ description: '待审批的延期申请' }) extensions: number;
}

/**
 * One set of counts. Overdue, due soon, receipt, report missing, lagging and the lights are what
 * assessTask says about each task (as on the task list); the rest are counted facts.
 */
export class DashboardCountsDto {
  @ApiProperty({ description: '已交办任务数' }) tasks: number;
  @ApiProperty({ type: [StateCountDto], description: '各状态任务数（全部状态，含 0）' }) byState: StateCountDto[];
  @ApiProperty({ description: '逾期' }) overdue: number;
  @ApiProperty({ description: '临近完成时限（7 天内）且未完成' }) dueSoon: number;
  @ApiProperty({ description: '超期未签收' }) receiptOverdue: number;
  @ApiProperty({ description: '最近已截止的调度周期未报送进展' }) reportMissing: number;
  @ApiProperty({ description: '滞后（未报送或进度落后）' }) lagging: number;
  @ApiProperty({ type: LightCountsDto, description: '红黄绿灯' }) lights: LightCountsDto;
  @ApiProperty({ type: NoticeCountsDto, description: '未办结督办（待反馈或已反馈待办结），按等级' }) openNotices: NoticeCountsDto;
  @ApiProperty({ description: '未办结、未反馈且已过反馈期限的督办' }) noticesReplyOverdue: number;
  @ApiProperty({ type: PendingReviewCountsDto, description: '待统筹办审核的事项' }) pendingReview: PendingReviewCountsDto;
}

export class DashboardUnitRowDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ example: '区发展改革局' }) unitName: string;
  @ApiProperty({ type: DashboardCountsDto, description: '该单位作为牵头单位的任务的统计（督办、待审核事项按其牵头的任务计）' }) asLead: DashboardCountsDto;
  @ApiProperty({ description: '该单位作为责任（配合）单位参与的任务数' }) coTasks: number;
}

export class DashboardDto {
  @ApiProperty({ example: '2022-06-15', description: '统计日期（北京时间）' }) asOf: string;
  @ApiProperty({ example: '2022-06-15T09:30:00.000+08:00', description: '统计时刻（北京时间，带时区）' }) asOfTime: string;
  @ApiProperty({
    description: '今日红黄绿灯仍在重新计算：本次统计按 asOf 日（前一日）的红黄绿灯和逾期等结果，稍后刷新即为今日',
  })
  lightsPending: boolean;
  @ApiProperty({ example: '2022-06', description: '当前月调度周期' }) period: string;
  @ApiProperty({ example: '2022-05', description: '最近已截止的月调度周期（月调度任务的“未报送”指该周期）' }) reportPeriod: string;
  @ApiProperty({ type: DashboardCountsDto, description: '范围内全部任务' }) totals: DashboardCountsDto;
  @ApiProperty({
    type: [DashboardUnitRowDto],
    description: '按单位：范围内有任务的每个单位一行（承办单位只有本单位），按红灯数、逾期数从多到少，再按名称',
  })
  byUnit: DashboardUnitRowDto[];
}
