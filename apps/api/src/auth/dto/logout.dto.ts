import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

/** Either the refresh token of this session, or `all: true` to end every session of the caller. */
export class LogoutDto {
  @ApiPropertyOptional({ description: '要注销的本次登录的 refreshToken；省略时使用 httpOnly Cookie（all 为 true 时可省略）' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  refreshToken?: string;

  @ApiPropertyOptional({ description: '为 true 时注销该账号的全部登录（所有设备）' })
  @ValidateIf((dto: LogoutDto) => dto.all !== undefined)
  @IsBoolean()
  all?: boolean;
}
