import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { AllowReadOnlyRoles, AuthUser, CurrentUser, Public, RequestId } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { LogoutDto } from './dto/logout.dto';
import { RefreshDto } from './dto/refresh.dto';
import { SessionDto } from './dto/session.dto';
import { LoginRateLimited } from './rate-limit';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @LoginRateLimited()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '用户名密码登录，返回访问令牌与刷新令牌' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS（不区分用户名不存在与密码错误）/ USER_DISABLED' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_LOGIN_ATTEMPTS' })
  login(@Body() dto: LoginDto, @RequestId() requestId: string): Promise<SessionDto> {
    return this.auth.login(dto, requestId);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '用刷新令牌换取新的令牌对（旧刷新令牌随即作废）' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_REFRESH_TOKEN / REFRESH_TOKEN_EXPIRED / REFRESH_TOKEN_REUSED / USER_DISABLED' })
  refresh(@Body() dto: RefreshDto, @RequestId() requestId: string): Promise<SessionDto> {
    return this.auth.refresh(dto.refreshToken, requestId);
  }

  @ApiBearerAuth()
  @AllowReadOnlyRoles() // ends only the caller's own session
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '注销本次登录（提供 refreshToken），或 all=true 注销全部登录' })
  @ApiNoContentResponse()
  logout(@CurrentUser() user: AuthUser, @Body() dto: LogoutDto): Promise<void> {
    return this.auth.logout(user, dto);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: UserResponseDto })
  me(@CurrentUser() user: AuthUser): Promise<UserResponseDto> {
    return this.auth.me(user);
  }
}
