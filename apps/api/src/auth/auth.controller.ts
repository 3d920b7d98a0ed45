import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { Post } from '../common/write-routes';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validationFailed } from '@luoshi/domain/errors';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { AuthErrors } from './auth.errors';
import { AllowReadOnlyRoles, AuthUser, CurrentUser, Public, RequestId } from './auth.decorators';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { LogoutDto } from './dto/logout.dto';
import { RefreshDto } from './dto/refresh.dto';
import { SessionDto } from './dto/session.dto';
import { LoginRateLimited } from './rate-limit';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie';

/** logout without a token in the body or the cookie: the same field error the body's validation gave */
const refreshTokenRequired = () => validationFailed([{ field: 'refreshToken', code: 'IS_DEFINED', message: 'refreshToken：必须填写' }]);

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @LoginRateLimited()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '用户名密码登录，返回访问令牌与刷新令牌' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS（不区分用户名不存在与密码错误）/ USER_DISABLED' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_LOGIN_ATTEMPTS' })
  async login(
    @Body() dto: LoginDto,
    @RequestId() requestId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    const session = await this.auth.login(dto, requestId);
    setRefreshCookie(request, reply, session.refreshToken, this.config.REFRESH_TOKEN_TTL_SECONDS);
    return session;
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '用刷新令牌换取新的令牌对（旧刷新令牌随即作废）；网页端不传 body，由 httpOnly Cookie 携带' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_REFRESH_TOKEN / REFRESH_TOKEN_EXPIRED / REFRESH_TOKEN_REUSED / USER_DISABLED' })
  async refresh(
    @Body() dto: RefreshDto,
    @RequestId() requestId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    const refreshToken = dto.refreshToken ?? refreshCookieOf(request);
    if (!refreshToken) throw AuthErrors.invalidRefreshToken();
    const session = await this.auth.refresh(refreshToken, requestId);
    setRefreshCookie(request, reply, session.refreshToken, this.config.REFRESH_TOKEN_TTL_SECONDS);
    return session;
  }

  @ApiBearerAuth()
  @AllowReadOnlyRoles() // ends only the caller's own session
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '注销本次登录（提供 refreshToken），或 all=true 注销全部登录' })
  @ApiNoContentResponse()
  async logout(
    @CurrentUser() user: AuthUser,
    @Body() dto: LogoutDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const refreshToken = dto.refreshToken ?? refreshCookieOf(request);
    if (!refreshToken && dto.all !== true) throw refreshTokenRequired();
    await this.auth.logout(user, { ...dto, refreshToken });
    clearRefreshCookie(request, reply);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: UserResponseDto })
  me(@CurrentUser() user: AuthUser): Promise<UserResponseDto> {
    return this.auth.me(user);
  }
}
