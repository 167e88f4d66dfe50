// FANOUT=postgres: LISTEN/NOTIFY on the shared database, so several instances need no extra service.
// A dedicated connection LISTENs; a second one sends NOTIFY, so one instance's events leave in publish
// order; events published while a NOTIFY statement is in flight leave together in the next statement
// (PublishBatcher). NOTIFY payloads are limited to 8000 bytes: a larger event is stored in
// `fanout_payloads` in the same statement and the notification carries `#<instance>:<id>`; receivers
// load it, in arrival order.
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import type { JsonLogger } from '../common/logging/json-logger.js';
import type { FanoutMeters } from '../metrics/index.js';
import { EngineFanout } from './engine-fanout.js';
import { PublishBatcher } from './publish-batcher.js';
import { PgSession } from './pg-session.js';

export const POSTGRES_FANOUT_CHANNEL = 'p_chat_fanout';
/** Bytes a NOTIFY payload may carry inline (the server's limit is 8000, less than that to be safe). */
export const NOTIFY_INLINE_LIMIT = 7900;
const PAYLOAD_REF = '#';
const SWEEP_EVERY_MS = 60_000;

export class PostgresFanout extends EngineFanout implements OnModuleInit, OnApplicationShutdown {
  private readonly listener: PgSession;
  private readonly publisher: PgSession;
  private readonly outbound = new PublishBatcher(
    (payloads) => this.notify(payloads),
    (payload) => !fitsInline(payload),
  );
  private inbound: Promise<void> = Promise.resolve();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(connection: pg.ClientConfig, logger: JsonLogger, meters?: FanoutMeters) {
    super('postgres', logger, meters);
    const config = { ...connection, connectionTimeoutMillis: 5000, query_timeout: 5000, keepAlive: true };
    const onStateChange = (): void => this.setHealthy(this.listener.connected && this.publisher.connected);
    this.listener = new PgSession({
      name: 'listen',
      config,
      logger,
      onStateChange,
      onConnect: async (client) => {
        client.on('notification', (notification) => this.enqueue(notification.payload));
        await client.query(`LISTEN ${POSTGRES_FANOUT_CHANNEL}`);
      },
    });
    this.publisher = new PgSession({ name: 'notify', config, logger, onStateChange });
  }

  onModuleInit(): void {
    this.listener.start();
    this.publisher.start();
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    this.closeSequencer();
    await Promise.all([this.listener.stop(), this.publisher.stop()]);
  }

  protected send(payload: string): Promise<void> {
    return this.outbound.push(payload);
  }

  /** One statement, one transaction: its notifications are delivered together, in array order. */
  private async notify(payloads: string[]): Promise<void> {
    if (payloads.length === 1 && !fitsInline(payloads[0])) {
      await this.publisher.query(
        `WITH stored AS (INSERT INTO fanout_payloads (payload) VALUES ($2) RETURNING id)
         SELECT pg_notify($1, '${PAYLOAD_REF}' || $3 || ':' || id) FROM stored`,
        [POSTGRES_FANOUT_CHANNEL, payloads[0], this.instanceId],
      );
      return;
    }
    await this.publisher.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [
      POSTGRES_FANOUT_CHANNEL,
      payloads,
    ]);
  }

  private enqueue(payload: string | undefined): void {
    if (payload === undefined) return;
    this.inbound = this.inbound.then(() => this.handle(payload));
  }

  private async handle(payload: string): Promise<void> {
    if (!payload.startsWith(PAYLOAD_REF)) {
      this.receive(payload);
      return;
    }
    const [origin, id] = payload.slice(PAYLOAD_REF.length).split(':');
    if (origin === this.instanceId || !id) return;
    try {
      const result = await this.publisher.query<{ payload: string }>(
        'SELECT payload FROM fanout_payloads WHERE id = $1',
        [id],
      );
      if (result.rows[0]) this.receive(result.rows[0].payload);
    } catch (error) {
      this.logger.event('warn', 'fanout payload could not be loaded', { error: String(error) });
    }
  }

  private async sweep(): Promise<void> {
    try {
      await this.publisher.query(
        "DELETE FROM fanout_payloads WHERE created_at < now() - interval '5 minutes'",
        [],
      );
    } catch {
      // The next sweep tries again; the publisher logs connection loss itself.
    }
  }
}

function fitsInline(payload: string): boolean {
  return Buffer.byteLength(payload, 'utf8') <= NOTIFY_INLINE_LIMIT;
}
