import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AccessTokenGuard } from './auth/access-token.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { ChatGatewaysModule } from './chat/chat-gateways.module.js';
import { ChatModule } from './chat/chat.module.js';
import { CommonModule } from './common/common.module.js';
import { EnvelopeInterceptor } from './common/http/envelope.interceptor.js';
import { HttpExceptionFilter } from './common/http/http-exception.filter.js';
import { JsonBodyMiddleware } from './common/http/json-body.middleware.js';
import { inputSafetyMiddleware } from './common/http/input-safety.middleware.js';
import { UnexpectedBodyInterceptor } from './common/http/unexpected-body.interceptor.js';
import { DtoValidationPipe } from './common/http/validation.pipe.js';
import { RequestLogMiddleware } from './common/logging/request-log.middleware.js';
import { requestIdMiddleware } from './common/logging/request-id.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DocsModule } from './docs/docs.module.js';
import { FanoutModule } from './fanout/fanout.module.js';
import { FloodModule } from './flood/flood.module.js';
import { HealthModule } from './health/health.module.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { MetricsModule } from './metrics/index.js';
import { PresenceModule } from './presence/presence.module.js';
import { ReactionsModule } from './reactions/reactions.module.js';
import { RedisModule } from './redis/redis.module.js';
import { APP_SCHEMA } from './schema.js';
import { SessionModule } from './session/session.module.js';
import { UsersModule } from './users/users.module.js';
import { WebAppModule } from './web-app/index.js';

@Module({
  imports: [
    AppConfigModule,
    CommonModule,
    EventEmitterModule.forRoot(),
    DatabaseModule.forRoot(APP_SCHEMA),
    RedisModule,
    FloodModule,
    FanoutModule,
    PresenceModule,
    UsersModule,
    AuthModule,
    SessionModule,
    ChatModule,
    HealthModule,
    MetricsModule,
    DocsModule,
    ChatGatewaysModule,
    ReactionsModule,
    LifecycleModule,
    WebAppModule,
  ],
  providers: [
    { provide: APP_GUARD, useExisting: AccessTokenGuard },
    { provide: APP_PIPE, useClass: DtoValidationPipe },
    { provide: APP_INTERCEPTOR, useClass: UnexpectedBodyInterceptor },
    { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(requestIdMiddleware, RequestLogMiddleware, JsonBodyMiddleware, inputSafetyMiddleware)
      .forRoutes('*');
  }
}
