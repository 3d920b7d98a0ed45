import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import type { Role } from '../../auth/auth.decorators';
import { ALL_ROLES } from '../../auth/access-policy';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/password-hasher';
import { normalizeUsername, USERNAME_PATTERN } from '../username';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @ApiProperty({ example: 'fgj-zhang', description: '登录名：字母、数字、点、下划线、连字符，3–64 位，不区分大小写' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeUsername(value) : value))
  @IsString()
  @Matches(USERNAME_PATTERN)
  username: string;

  @ApiProperty({ example: '张三' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  displayName: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiProperty({ enum: ALL_ROLES })
  @IsIn(ALL_ROLES)
  role: Role;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: '所属单位；承办单位（bureau）账号必填，其他角色不可填写' })
  @IsOptional()
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '0533-1234567' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;
}
