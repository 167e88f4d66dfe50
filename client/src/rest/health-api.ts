// Liveness and readiness (API.md §7): terse JSON outside both envelopes.
import type { HealthStatus } from './api-types.js';
import type { HttpTransport } from './http-transport.js';

export class HealthApi {
  constructor(private readonly http: HttpTransport) {}

  live(): Promise<HealthStatus> {
    return this.http.call('get', '/health', { family: 'plain', auth: false }) as Promise<HealthStatus>;
  }

  /** Rejects with a PChatError (status 503, `details` = the failing checks) when not ready. */
  ready(): Promise<HealthStatus> {
    return this.http.call('get', '/health/ready', { family: 'plain', auth: false }) as Promise<HealthStatus>;
  }
}
