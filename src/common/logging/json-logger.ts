import { Injectable, type LoggerService } from '@nestjs/common';
import type { LogLevelName } from '../../config/app.config.js';

const RANK: Record<LogLevelName, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

/**
 * One JSON object per line on stdout. Callers pass fields, never raw requests, so secrets, tokens,
 * query strings and message bodies stay out by construction.
 */
@Injectable()
export class JsonLogger implements LoggerService {
  private threshold = RANK.info;

  setLevel(level: LogLevelName): void {
    this.threshold = RANK[level];
  }

  event(level: LogLevelName, msg: string, fields: LogFields = {}): void {
    if (RANK[level] < this.threshold) return;
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
  }

  errorEvent(msg: string, error: unknown, fields: LogFields = {}): void {
    const err =
      error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error;
    this.event('error', msg, { ...fields, error: err });
  }

  log(message: unknown, context?: string): void {
    this.event('info', String(message), context ? { context } : {});
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.event('error', String(message), { context, trace });
  }
  warn(message: unknown, context?: string): void {
    this.event('warn', String(message), context ? { context } : {});
  }
  debug(message: unknown, context?: string): void {
    this.event('debug', String(message), context ? { context } : {});
  }
  verbose(message: unknown, context?: string): void {
    this.event('debug', String(message), context ? { context } : {});
  }
}
