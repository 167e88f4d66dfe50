import { DiscoveryService } from '@nestjs/core';

/**
 * A provider that takes part in a graceful shutdown (SIGTERM). Mark it `@ShutdownParticipant()`; the
 * drain calls, in this order across all participants:
 * - `closeConnections()` once the server stopped accepting: close long-lived client connections
 *   (WebSockets with 1001 "going away"), so no new work arrives on them;
 * - `flush()` once requests in flight have finished: write out pending work (batched message
 *   commits), so everything acknowledged is stored before the database pool closes.
 */
export interface ShutdownParticipantHooks {
  closeConnections?(): Promise<void> | void;
  flush?(): Promise<void> | void;
}

export const ShutdownParticipant = DiscoveryService.createDecorator<void>();
