// "Up to which change position is everything committed?" — the bound every sync cursor is cut at.
// Change positions are drawn from a sequence inside the writing transaction, so a lower number can
// commit after a higher one: a cursor taken as the highest committed number could skip a change still
// in flight. Instead a position P is handed out only once every transaction that may hold a number
// ≤ P has ended:
//  1. read the sequence's last value L;
//  2. take a fresh transaction id N (it is assigned after step 1 ended);
//  3. wait until no transaction with an id below N that drew a number is still running.
// Writers take their transaction id before they draw a number (message_change_position()), so any
// writer holding a number ≤ L got its id before step 2, i.e. below N: once step 3 passes, every number
// ≤ L is committed or rolled back, and a read that starts afterwards sees all committed ones.
// No lock is taken; writers never wait. Concurrent callers share one computation.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JsonLogger } from '../common/logging/json-logger.js';
import { maxPosition, type ChangePosition } from './sync-cursor.js';

/**
 * Step 3. The snapshot's xmin is the whole server's: a long transaction in any database (a report, a
 * pg_dump, another app) holds it below N, and waiting on it alone stalled every resume for the full
 * limit. So when xmin has not passed, the check narrows to what can hold a number: a transaction older
 * than N that drew from message_change_seq in this database (nextval keeps its lock on the sequence
 * until the transaction ends; pg_locks shows fast-path locks too and is readable by every role).
 */
const OLDER_WRITERS_ENDED = `SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 OR NOT EXISTS (
    SELECT FROM pg_locks drawn
    JOIN pg_locks own ON own.pid = drawn.pid AND own.locktype = 'transactionid' AND own.granted
    JOIN pg_snapshot_xip(pg_current_snapshot()) AS running(xid) ON own.transactionid = xid(running.xid)
    WHERE drawn.locktype = 'relation' AND drawn.relation = 'message_change_seq'::regclass
      AND drawn.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND running.xid < $1::xid8
  ) AS passed`;

/** How long to wait for older writers (they are single statements; seconds mean something is stuck). */
const WAIT_LIMIT_MS = 5000;
const FIRST_POLL_MS = 1;
const MAX_POLL_MS = 50;

@Injectable()
export class CommittedPosition {
  private pending: Promise<ChangePosition> | null = null;
  /** The highest position computed so far: still fully committed, whatever happened since. */
  private known: ChangePosition = 0n;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** A position P such that every change with position ≤ P is committed (or was rolled back). */
  current(): Promise<ChangePosition> {
    // A caller joining a computation already running gets an older P: still safe, only less recent.
    this.pending ??= this.compute().finally(() => (this.pending = null));
    return this.pending;
  }

  private async compute(): Promise<ChangePosition> {
    const [sequence] = await this.dataSource.query<{ last_value: string; is_called: boolean }[]>(
      'SELECT last_value::text AS last_value, is_called FROM message_change_seq',
    );
    const last = sequence.is_called ? BigInt(sequence.last_value) : 0n;
    const [{ xid }] = await this.dataSource.query<{ xid: string }[]>(
      'SELECT pg_current_xact_id()::text AS xid',
    );
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, MAX_POLL_MS)) {
      const [{ passed }] = await this.dataSource.query<{ passed: boolean }[]>(OLDER_WRITERS_ENDED, [xid]);
      if (passed) break;
      if (Date.now() >= deadline) {
        // A writer older than N is still open (not one of ours: writes are single statements).
        // The last position known to be committed stays correct; clients just get less progress.
        this.logger.event(
          'warn',
          'sync cursor: an old transaction is still open; using the last safe position',
          {
            waited_ms: WAIT_LIMIT_MS,
          },
        );
        return this.known;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    this.known = maxPosition(this.known, last);
    return this.known;
  }
}
