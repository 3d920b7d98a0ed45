import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto';

/** Answer to login and refresh. */
export class SessionDto {
  @ApiProperty({ description: '访问令牌（Bearer），有效期见 expiresIn' }) accessToken: string;
  @ApiProperty({ description: '刷新令牌，只能使用一次；刷新后返回新的刷新令牌' }) refreshToken: string;
  @ApiProperty({ description: '访问令牌有效秒数', example: 900 }) expiresIn: number;
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
}
