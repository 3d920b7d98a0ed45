import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import type { Role } from '../../auth/auth.decorators';
import { ALL_ROLES } from '../../auth/access-policy';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/password-hasher';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** absent = unchanged; null is validated (and refused) for fields that cannot be empty */
const present = (field: keyof UpdateUserDto) => (dto: UpdateUserDto) => dto[field] !== undefined;

/**
 * Every field optional. Disabling, moving to another unit, changing the role or resetting the
 * password ends the user's sessions. Fields not listed (tokenVersion, passwordHash…) are refused.
 */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: '张三' })
  @ValidateIf(present('displayName'))
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  displayName?: string;

  @ApiPropertyOptional({ enum: ALL_ROLES })
  @ValidateIf(present('role'))
  @IsIn(ALL_ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: '移动到另一个单位；改为非 bureau 角色时自动清空' })
  @IsOptional()
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional()
  @ValidateIf(present('disabled'))
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ format: 'password', minLength: PASSWORD_MIN_LENGTH, description: '重置密码' })
  @ValidateIf(present('password'))
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string | null;
}
