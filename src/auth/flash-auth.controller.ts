import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/decorators/public.decorator.js';
import { FlashReply } from '../common/http/flash-reply.js';
import { clientInfoOf } from './client-info.js';
import { FlashLoginDto } from './dto/flash-login.dto.js';
import { FlashRegisterDto } from './dto/flash-register.dto.js';
import type { FlashTokenContent } from './dto/token.response.js';
import { FlashAuthService } from './flash-auth.service.js';
import { AuthRateLimit } from './rate-limit/auth-rate-limit.decorator.js';

@ApiTags('flash: auth')
@Public()
@Controller()
export class FlashAuthController {
  constructor(@Inject(FlashAuthService) private readonly auth: FlashAuthService) {}

  @Post('register')
  @HttpCode(200)
  @AuthRateLimit('flash-register')
  @ApiOperation({ summary: 'Create an account and sign in (flash envelope)' })
  @ApiResponse({ status: 200, description: '{"code":"200","message":"welcome <name>","content":{"token"}}' })
  @ApiResponse({ status: 400, description: 'user already exists' })
  @ApiResponse({ status: 422, description: 'invalid body' })
  @ApiResponse({ status: 429, description: 'too many attempts (per username or IP); Retry-After header' })
  async register(
    @Body() body: FlashRegisterDto,
    @Req() request: Request,
  ): Promise<FlashReply<FlashTokenContent>> {
    const { user, token } = await this.auth.register(body, clientInfoOf(request));
    return new FlashReply(`welcome ${user.name}`, { token });
  }

  @Post('login')
  @HttpCode(200)
  @AuthRateLimit('flash-login')
  @ApiOperation({ summary: 'Sign in with username and password (flash envelope)' })
  @ApiResponse({ status: 200, description: '{"code":"200","message":"","content":{"token"}}' })
  @ApiResponse({ status: 400, description: 'wrong credentials' })
  @ApiResponse({ status: 422, description: 'invalid body' })
  @ApiResponse({ status: 429, description: 'too many attempts (per username or IP); Retry-After header' })
  async login(@Body() body: FlashLoginDto, @Req() request: Request): Promise<FlashTokenContent> {
    return { token: await this.auth.login(body.username, body.password, clientInfoOf(request)) };
  }
}
