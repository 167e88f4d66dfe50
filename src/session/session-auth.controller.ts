import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { Configuration } from '../config/configuration.js';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { clientInfoOf } from '../auth/client-info.js';
import { AuthRateLimit } from '../auth/rate-limit/auth-rate-limit.decorator.js';
import { Public } from '../common/decorators/public.decorator.js';
import {
  AuthorizeDto,
  EmailDto,
  PasswordResetConfirmDto,
  RefreshDto,
  SessionRegisterDto,
} from './dto/session-auth.dto.js';
import {
  ApiBareUnauthorized,
  ApiRateLimited,
  ApiSessionError,
  ApiSessionSuccess,
} from './dto/session-openapi.js';
import {
  MessageResponse,
  RegisterResponse,
  TokenPairResponse,
  toTokenPairResponse,
} from './dto/session.responses.js';
import { parseScopes } from '../auth/access-token.claims.js';
import { PasswordService } from './password.service.js';
import { RegistrationService } from './registration.service.js';
import { SignInService } from './sign-in.service.js';
import { TokenPairService } from './token-pair.service.js';

const RESEND_MESSAGE = 'If the address belongs to an unverified account, a verification mail is on its way';
const RESET_MESSAGE = 'If the address belongs to an account, a password reset mail is on its way';

/** The session API's public routes: sign-up, verification, sign-in, refresh, password reset. */
@ApiTags('session')
@Public()
@Controller('session')
export class SessionAuthController {
  private readonly exposeVerificationToken: boolean;

  constructor(
    @Inject(RegistrationService) private readonly registration: RegistrationService,
    @Inject(SignInService) private readonly signIn: SignInService,
    @Inject(TokenPairService) private readonly tokenPairs: TokenPairService,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(Configuration) config: Configuration,
  ) {
    // The token proves control of the mailbox: echo it only when no real mail carries it, never in production.
    this.exposeVerificationToken = config.of('mail').exposeVerificationToken;
  }

  @Post('register')
  @HttpCode(200)
  @AuthRateLimit('session-register')
  @ApiOperation({
    summary: 'Create an account and mail a verification link',
    description:
      'The username defaults to the email’s local part (lowercased, invalid characters dropped, made ' +
      'unique with a number); the name defaults to the username.',
  })
  @ApiSessionSuccess(
    200,
    'registered; VerificationToken only without SMTP_URL or with EXPOSE_VERIFICATION_TOKEN',
    RegisterResponse,
  )
  @ApiSessionError(400, 'VALIDATION_FAILED, details lists the fields')
  @ApiSessionError(409, 'EMAIL_TAKEN or USERNAME_TAKEN')
  @ApiRateLimited('email and username')
  async register(@Body() body: SessionRegisterDto): Promise<RegisterResponse> {
    const { verificationToken } = await this.registration.register(body);
    const message = 'User registered successfully';
    return this.exposeVerificationToken ? { VerificationToken: verificationToken, message } : { message };
  }

  @Get('emailVerify')
  @ApiOperation({ summary: 'Verify the email with the mailed token and sign in' })
  @ApiQuery({ name: 'verifyToken', required: true })
  @ApiSessionSuccess(200, 'verified and signed in', TokenPairResponse)
  @ApiBareUnauthorized('{} for an unknown, used or expired (24 h) token')
  async emailVerify(
    @Query('verifyToken') verifyToken: unknown,
    @Req() request: Request,
  ): Promise<TokenPairResponse> {
    return toTokenPairResponse(await this.registration.verifyEmail(verifyToken, clientInfoOf(request)));
  }

  @Post('resendVerification')
  @HttpCode(200)
  @AuthRateLimit('resend-verification')
  @ApiOperation({ summary: 'Mail a new verification link; the same answer for known and unknown emails' })
  @ApiSessionSuccess(200, 'always, whether or not the email is registered', MessageResponse)
  @ApiSessionError(400, 'VALIDATION_FAILED: not an email address')
  @ApiRateLimited('email')
  resendVerification(@Body() body: EmailDto): MessageResponse {
    this.registration.resendVerification(body.email);
    return { message: RESEND_MESSAGE };
  }

  @Post('authorize')
  @HttpCode(200)
  @AuthRateLimit('authorize')
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Optional `scope` narrows the tokens to a space-separated subset of chat:read, chat:write, ' +
      'users:read, session (default: all). Unknown scope names answer 400 VALIDATION_FAILED.',
  })
  @ApiSessionSuccess(200, 'a new session', TokenPairResponse)
  @ApiSessionError(400, 'VALIDATION_FAILED (missing field, unknown scope)')
  @ApiBareUnauthorized('{} for a wrong email or password (same hashing work either way)')
  @ApiSessionError(403, 'EMAIL_NOT_VERIFIED (only once the password checked out)')
  @ApiRateLimited('email')
  async authorize(@Body() body: AuthorizeDto, @Req() request: Request): Promise<TokenPairResponse> {
    const scopes = body.scope === undefined ? undefined : (parseScopes(body.scope) ?? undefined);
    const pair = await this.signIn.authorize(body.email, body.password, scopes, clientInfoOf(request));
    return toTokenPairResponse(pair);
  }

  @Post('refresh')
  @HttpCode(200)
  @AuthRateLimit('refresh')
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (rotation)',
    description:
      'The presented token stops working. Presenting an already-rotated token revokes its whole ' +
      'session (theft detection); of two concurrent refreshes with one token, one wins and the other ' +
      'counts as reuse.',
  })
  @ApiSessionSuccess(200, 'new access and refresh tokens', TokenPairResponse)
  @ApiBareUnauthorized(
    '{} for any unusable token: unknown, expired, rotated (session revoked), revoked session',
  )
  @ApiRateLimited('refresh token')
  async refresh(@Body() body: RefreshDto): Promise<TokenPairResponse> {
    return toTokenPairResponse(await this.tokenPairs.refresh(body.refresh_token));
  }

  @Post('passwordReset')
  @HttpCode(200)
  @AuthRateLimit('password-reset')
  @ApiOperation({ summary: 'Mail a single-use password reset token (valid 1 h)' })
  @ApiSessionSuccess(200, 'always, whether or not the email is registered', MessageResponse)
  @ApiSessionError(400, 'VALIDATION_FAILED: not an email address')
  @ApiRateLimited('email')
  passwordReset(@Body() body: EmailDto): MessageResponse {
    this.passwords.requestReset(body.email);
    return { message: RESET_MESSAGE };
  }

  @Post('passwordReset/confirm')
  @HttpCode(200)
  @AuthRateLimit('password-reset-confirm')
  @ApiOperation({
    summary: 'Set a new password with the mailed token; revokes every session of the user',
    description: 'Using the token also marks the email verified (it proves control of the mailbox).',
  })
  @ApiSessionSuccess(200, 'password set; data is null')
  @ApiSessionError(400, 'RESET_TOKEN_INVALID (unknown, used or expired token) or VALIDATION_FAILED')
  @ApiRateLimited('reset token')
  async confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<null> {
    await this.passwords.confirmReset(body.token, body.password);
    return null;
  }
}
