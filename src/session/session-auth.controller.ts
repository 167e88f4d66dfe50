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
import { ApiErrors, ApiSessionOk, errorDoc } from '../common/openapi/api-responses.js';
import { EmailTakenError, UsernameTakenError } from '../users/users.errors.js';
import {
  EmailNotVerifiedError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  InvalidVerificationTokenError,
  RefreshTokenReusedError,
  ResetTokenInvalidError,
  UsernameUnavailableError,
} from './session.errors.js';
import {
  SessionNoticeResponse,
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
  @ApiSessionOk(RegisterResponse, {
    description: 'registered; VerificationToken only without SMTP_URL or with EXPOSE_VERIFICATION_TOKEN',
    example: {
      status: 'Success',
      data: { VerificationToken: 'q3T0...', message: 'User registered successfully' },
    },
  })
  @ApiErrors(
    errorDoc(EmailTakenError),
    errorDoc(UsernameTakenError, 'the username given is taken'),
    errorDoc(UsernameUnavailableError),
  )
  async register(@Body() body: SessionRegisterDto): Promise<RegisterResponse> {
    const { verificationToken } = await this.registration.register(body);
    const message = 'User registered successfully';
    return this.exposeVerificationToken ? { VerificationToken: verificationToken, message } : { message };
  }

  @Get('emailVerify')
  @ApiOperation({ summary: 'Verify the email with the mailed token and sign in' })
  @ApiQuery({ name: 'verifyToken', required: true })
  @ApiSessionOk(TokenPairResponse, { description: 'verified and signed in' })
  @ApiErrors(errorDoc(InvalidVerificationTokenError, 'an unknown, used or expired (24 h) token'))
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
  @ApiSessionOk(SessionNoticeResponse, { description: 'always, whether or not the email is registered' })
  resendVerification(@Body() body: EmailDto): SessionNoticeResponse {
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
  @ApiSessionOk(TokenPairResponse, {
    description: 'a new session',
    example: {
      status: 'Success',
      data: {
        access_token: 'eyJ...',
        refresh_token: 'Xk2...',
        access_token_valid_to: '2026-11-21T10:15:00.000Z',
        refresh_token_valid_to: '2026-11-22T10:00:00.000Z',
        scope: 'chat:read chat:write users:read session',
      },
    },
  })
  @ApiErrors(
    errorDoc(InvalidCredentialsError, 'a wrong email or password (the same hashing work either way)'),
    errorDoc(
      EmailNotVerifiedError,
      'the email is not verified yet (told only once the password checked out)',
    ),
  )
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
  @ApiSessionOk(TokenPairResponse, { description: 'new access and refresh tokens' })
  @ApiErrors(
    errorDoc(InvalidRefreshTokenError, 'an unknown or expired token, or one of a revoked session'),
    errorDoc(RefreshTokenReusedError, 'an already-rotated token: its whole session is now revoked'),
  )
  async refresh(@Body() body: RefreshDto): Promise<TokenPairResponse> {
    return toTokenPairResponse(await this.tokenPairs.refresh(body.refresh_token));
  }

  @Post('passwordReset')
  @HttpCode(200)
  @AuthRateLimit('password-reset')
  @ApiOperation({ summary: 'Mail a single-use password reset token (valid 1 h)' })
  @ApiSessionOk(SessionNoticeResponse, { description: 'always, whether or not the email is registered' })
  passwordReset(@Body() body: EmailDto): SessionNoticeResponse {
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
  @ApiSessionOk(null, { description: 'password set; data is null' })
  @ApiErrors(errorDoc(ResetTokenInvalidError, 'an unknown, used or expired token'))
  async confirmPasswordReset(@Body() body: PasswordResetConfirmDto): Promise<null> {
    await this.passwords.confirmReset(body.token, body.password);
    return null;
  }
}
