import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/** Query of GET /dashboard: each filter narrows the caller's scope, none widens it. */
export class DashboardQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: '只统计该文件的任务' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '只统计该措施的任务' })
  @IsOptional()
  @IsUUID()
  measureId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '只统计该单位牵头或参与的任务（统筹办、领导）。承办单位只能传本单位，传入其他单位返回 403' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}
