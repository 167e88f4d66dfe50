import { SetMetadata } from '@nestjs/common';

export const SCOPES = ['chat:read', 'chat:write', 'users:read', 'session'] as const;
export type Scope = (typeof SCOPES)[number];

export const REQUIRED_SCOPES = 'p-chat:scopes';

/** The scopes an access token must carry to call the route. */
export const RequireScopes = (...scopes: Scope[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPES, scopes);
