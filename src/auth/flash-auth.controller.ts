import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/decorators/public.decorator.js';
import { FlashReply } from '../common/http/flash-reply.js';
import { ApiErrors, ApiFlashOk, errorDoc } from '../common/openapi/api-responses.js';
import { UsernameTakenError } from '../users/users.errors.js';
import { EmailNotVerifiedError, WrongCredentialsError } from './auth.errors.js';
import { clientInfoOf } from './client-info.js';
import { FlashLoginDto } from './dto/flash-login.dto.js';
import { FlashRegisterDto } from './dto/flash-register.dto.js';
import { FlashTokenContent } from './dto/token.response.js';
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
  @ApiFlashOk(FlashTokenContent, {
    description: 'registered and signed in; message is `welcome <name>`',
    message: { type: 'string', pattern: '^welcome ' },
    example: { code: '200', message: 'welcome Parsa', content: { token: 'eyJ...' } },
  })
  @ApiErrors(errorDoc(UsernameTakenError))
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
  @ApiFlashOk(FlashTokenContent, {
    description: 'signed in',
    message: { type: 'string', enum: [''] },
    example: { code: '200', message: '', content: { token: 'eyJ...' } },
  })
  @ApiErrors(
    errorDoc(
      WrongCredentialsError,
      'wrong credentials (one message for an unknown user and a wrong password)',
    ),
    errorDoc(
      EmailNotVerifiedError,
      'a session-API account whose email is not verified yet: "email not verified"',
    ),
  )
  async login(@Body() body: FlashLoginDto, @Req() request: Request): Promise<FlashTokenContent> {
    return { token: await this.auth.login(body.username, body.password, clientInfoOf(request)) };
  }
}
