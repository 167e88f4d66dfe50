// One dedicated PostgreSQL connection that keeps itself alive: it reconnects with backoff when the
// server or the network goes away, and a heartbeat finds a connection that died silently.
import pg from 'pg';
import type { JsonLogger } from '../common/logging/json-logger.js';
import { reconnectDelayMs } from './engine-fanout.js';

const HEARTBEAT_MS = 3000;

export interface PgSessionOptions {
  name: string;
  config: pg.ClientConfig;
  logger: JsonLogger;
  /** Runs on every fresh connection before it counts as up (e.g. LISTEN). */
  onConnect?: (client: pg.Client) => Promise<void>;
  onStateChange: () => void;
}

export class PgSession {
  private client: pg.Client | undefined;
  private up = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly options: PgSessionOptions) {}

  get connected(): boolean {
    return this.up;
  }

  start(): void {
    void this.connect();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Runs a query on the live connection; rejects at once while disconnected. */
  async query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<T>> {
    if (!this.up || !this.client) throw new Error(`${this.options.name} connection is down`);
    return this.client.query<T>(text, values);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.markDown(undefined);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client(this.options.config);
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    this.client = client;
    try {
      await client.connect();
      await this.options.onConnect?.(client);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped || this.client !== client) return;
    if (this.attempt > 0)
      this.options.logger.event('info', 'postgres fanout connection back', { name: this.options.name });
    this.attempt = 0;
    this.up = true;
    this.options.onStateChange();
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client || this.stopped) return;
    if (this.attempt === 0) {
      this.options.logger.event('warn', 'postgres fanout connection lost', {
        name: this.options.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this.markDown(undefined);
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.retryTimer = setTimeout(() => void this.connect(), reconnectDelayMs(this.attempt));
    this.retryTimer.unref();
    this.attempt += 1;
  }

  private markDown(client: pg.Client | undefined): void {
    this.client = client;
    if (!this.up) return;
    this.up = false;
    this.options.onStateChange();
  }

  private async beat(): Promise<void> {
    const client = this.client;
    if (!this.up || !client) return;
    try {
      await client.query('SELECT 1');
    } catch (error) {
      this.lost(client, error);
    }
  }
}
