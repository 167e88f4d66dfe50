// The part of `common` a feature module builds on: decorators, the caller, domain errors and events,
// HTTP results. Import from here (`../common/index.js`) in new modules.
export type { AuthUser } from './auth-user.js';
export { CurrentUser } from './decorators/current-user.decorator.js';
export { Public } from './decorators/public.decorator.js';
export { RequireScopes, type Scope } from './decorators/scopes.decorator.js';
export { DomainError, NotFoundError, ValidationFailedError, type ErrorKind } from './errors/domain-error.js';
export { DomainEvents, OnDomainEvent, type DomainEventMap } from './events/domain-events.js';
export { Unchanged } from './http/unchanged.js';
export { ApiErrors, ApiSessionOk, errorDoc } from './openapi/api-responses.js';
