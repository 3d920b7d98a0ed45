import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: '登录或上次刷新时返回的 refreshToken（每个只能使用一次）' })
  @IsString() @IsNotEmpty() @MaxLength(256)
  refreshToken: string;
}
