// Drains the instance before the Nest context closes (API.md §7): stop accepting, close WebSockets
// with 1001, let requests in flight finish, flush pending batches. main.ts runs it on SIGTERM and
// then closes the app (pools, engines) and exits 0.
import type { Server } from 'node:http';
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost } from '@nestjs/core';
import { JsonLogger } from '../common/logging/json-logger.js';
import { ShutdownParticipant, type ShutdownParticipantHooks } from './shutdown-participant.js';

const IDLE_SWEEP_MS = 50;

@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private drained: Promise<void> | undefined;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** Idempotent; requests still running after `requestBudgetMs` are cut so the exit stays bounded. */
  drain(requestBudgetMs = 7000): Promise<void> {
    this.drained ??= this.run(requestBudgetMs);
    return this.drained;
  }

  /** An app closed without a signal (tests, embedding) drains too, with a short budget. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain(2000);
  }

  private async run(requestBudgetMs: number): Promise<void> {
    const started = Date.now();
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    const closed = server?.listening
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    const participants = this.participants();
    await this.each(participants, 'closeConnections');
    const connectionsClosed = Date.now();
    await this.waitForRequests(server, closed, requestBudgetMs);
    const requestsDone = Date.now();
    await this.each(participants, 'flush');
    this.logger.event('info', 'drained', {
      ms: Date.now() - started,
      connections_ms: connectionsClosed - started,
      requests_ms: requestsDone - connectionsClosed,
      flush_ms: Date.now() - requestsDone,
    });
  }

  /** Idle keep-alive connections are closed as they become idle; the rest get until the budget ends. */
  private async waitForRequests(
    server: Server | undefined,
    closed: Promise<void>,
    budgetMs: number,
  ): Promise<void> {
    if (!server) return;
    let finished = false;
    void closed.then(() => (finished = true));
    const deadline = Date.now() + budgetMs;
    while (!finished && Date.now() < deadline) {
      server.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, IDLE_SWEEP_MS));
    }
    if (!finished) {
      this.logger.event('warn', 'requests still running at the shutdown deadline; closing them');
      server.closeAllConnections();
    }
  }

  private participants(): ShutdownParticipantHooks[] {
    return this.discovery
      .getProviders({ metadataKey: ShutdownParticipant.KEY })
      .map((wrapper) => wrapper.instance as ShutdownParticipantHooks | undefined)
      .filter(
        (instance): instance is ShutdownParticipantHooks => typeof instance === 'object' && instance !== null,
      );
  }

  private async each(
    participants: ShutdownParticipantHooks[],
    step: keyof ShutdownParticipantHooks,
  ): Promise<void> {
    await Promise.all(
      participants.map(async (participant) => {
        try {
          await participant[step]?.();
        } catch (error) {
          this.logger.errorEvent(`shutdown ${step} failed`, error);
        }
      }),
    );
  }
}
