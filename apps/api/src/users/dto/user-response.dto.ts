import { ApiProperty } from '@nestjs/swagger';
import type { UserEntity } from '@luoshi/domain/entities';
import type { Role } from '../../auth/auth.decorators';
import { ALL_ROLES } from '../../auth/access-policy';

/** A user as the API shows it. Built explicitly so passwordHash / tokenVersion can never leak. */
export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'fgj-zhang' }) username: string;
  @ApiProperty({ example: '张三' }) displayName: string;
  @ApiProperty({ enum: ALL_ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: '承办单位账号所属单位' }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '区发展改革局' }) unitName: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export function toUserResponse(user: UserEntity, unitName: string | null = user.unit?.name ?? null): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role as Role,
    unitId: user.unitId,
    unitName,
    email: user.email,
    phone: user.phone,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export class UserPageDto {
  @ApiProperty({ type: [UserResponseDto] }) items: UserResponseDto[];
  @ApiProperty({ description: '符合条件的总数' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
