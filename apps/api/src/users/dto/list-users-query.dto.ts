import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { Role } from '../../auth/auth.decorators';
import { ALL_ROLES } from '../../auth/access-policy';

export const MAX_PAGE_SIZE = 100;

/** `pageSize` above 100 is refused with 400 (code MAX), not silently capped. */
export class ListUsersQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Type(() => Number) @IsInt() @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;

  @ApiPropertyOptional({ enum: ALL_ROLES })
  @IsOptional() @IsIn(ALL_ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '按登录名或姓名模糊查找' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @MaxLength(64)
  q?: string;
}
