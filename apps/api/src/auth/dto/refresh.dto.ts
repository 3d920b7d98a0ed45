import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiPropertyOptional({ description: '登录或上次刷新时返回的 refreshToken（每个只能使用一次）；省略时使用 httpOnly Cookie' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  refreshToken?: string;
}
