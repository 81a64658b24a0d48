// Statements outside a transaction share the pool's connections instead of taking
// one each: a statement is written to a connection that is still answering others
// (pg's pipeline mode; each statement keeps its own Sync, so it runs and commits
// alone, as it would on an idle connection, and an error ends only that statement),
// and the statements of one event-loop turn go out in one write per connection.
// Each statement otherwise costs a write and a wake-up on both sides of the socket,
// which on a local server is most of a small query's cost.
//
// A lane is a connection checked out of the pool for this. A statement goes to the
// least busy lane; another connection is taken from the pool when every lane
// already has SPREAD_AT statements waiting. A lane whose oldest statement has made
// no progress for STALL_MS (a long report, a lock wait) gets no more, so short
// statements do not queue behind it. Transactions take connections from the same
// pool: when one waits for a connection, the lanes take no more statements and go
// back to the pool as soon as they are idle.
import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import { touchStatement, trimStatements } from './statement-cache';

/** Statements waiting on a lane before another connection is taken from the pool. */
const SPREAD_AT = 4;
/** At most this many statements wait on one lane. */
const MAX_DEPTH = 64;
/** A lane whose statements made no progress for this long takes no more. */
const STALL_MS = 50;
/** An idle lane goes back to the pool after this long (the pool's own idle timeout then applies). */
const IDLE_MS = 1000;

/** pg's clients keep their socket from holding the process open with unref(), as the pool does with idle ones. */
type LaneClient = PoolClient & { ref(): void; unref(): void };

interface Lane {
  client: LaneClient | undefined;
  /** Resolves once the pool has given the lane its connection. */
  ready: Promise<LaneClient>;
  inFlight: number;
  /** When a statement last completed, or the lane last went from idle to busy (ms). */
  progressAt: number;
  corked: boolean;
  released: boolean;
  idleTimer: NodeJS.Timeout | undefined;
  onError: (() => void) | undefined;
}

export class PipelinedStatements {
  private readonly lanes: Lane[] = [];
  private readonly corked: Lane[] = [];
  private uncorkScheduled = false;
  private closing = false;

  constructor(
    private readonly pool: Pool,
    private readonly max: number,
  ) {}

  query(config: QueryConfig | string): Promise<QueryResult> {
    const lane = this.pick();
    if (lane.inFlight === 0) {
      lane.progressAt = Date.now();
      lane.client?.ref();
    }
    lane.inFlight += 1;
    const client = lane.client;
    const sent = client ? this.send(lane, client, config) : lane.ready.then((ready) => this.send(lane, ready, config));
    return sent.then(
      (result) => {
        this.settle(lane);
        return result;
      },
      (error: unknown) => {
        this.settle(lane);
        throw error;
      },
    );
  }

  /** Called before a transaction takes a connection: an idle lane makes room when the pool has none to give. */
  makeRoom(): void {
    if (this.pool.idleCount > 0 || this.pool.totalCount < this.max) return;
    const idle = this.lanes.find((lane) => lane.client && lane.inFlight === 0);
    if (idle) this.release(idle);
  }

  /** Gives every lane back to the pool once its statements are answered. */
  close(): void {
    this.closing = true;
    for (const lane of [...this.lanes]) if (lane.inFlight === 0) this.release(lane);
  }

  private pick(): Lane {
    // Someone (a transaction, or a lane of ours) waits for a connection: the connected
    // lanes drain and go back to the pool rather than take more.
    const contended = this.pool.waitingCount > 0;
    const now = Date.now();
    let best: Lane | undefined;
    for (const lane of this.lanes) {
      if (lane.inFlight >= MAX_DEPTH) continue;
      if (lane.client && (contended || (lane.inFlight > 0 && now - lane.progressAt > STALL_MS))) continue;
      if (!best || lane.inFlight < best.inFlight) best = lane;
    }
    if (best && best.inFlight === 0) return best;
    const room = this.pool.idleCount > 0 || this.pool.totalCount < this.max;
    if (best && (best.inFlight < SPREAD_AT || !room || contended)) return best;
    return this.open();
  }

  private open(): Lane {
    const lane: Lane = { client: undefined, ready: undefined as unknown as Promise<LaneClient>, inFlight: 0, progressAt: Date.now(), corked: false, released: false, idleTimer: undefined, onError: undefined };
    lane.ready = this.pool.connect().then(
      (pooled) => {
        const client = pooled as LaneClient;
        lane.client = client;
        // A connection lost while in a lane: pg fails its statements; the pool drops it.
        lane.onError = () => this.release(lane, true);
        client.on('error', lane.onError);
        return client;
      },
      (error: unknown) => {
        lane.released = true;
        this.forget(lane);
        throw error;
      },
    );
    this.lanes.push(lane);
    return lane;
  }

  private send(lane: Lane, client: PoolClient, config: QueryConfig | string): Promise<QueryResult> {
    if (!lane.corked) {
      // Held back until the end of this turn, then written at once with the others.
      const stream = socketOf(client);
      if (stream) {
        stream.cork();
        lane.corked = true;
        this.corked.push(lane);
        if (!this.uncorkScheduled) {
          this.uncorkScheduled = true;
          setImmediate(() => this.uncorkAll());
        }
      }
    }
    if (typeof config !== 'string' && config.name !== undefined) {
      // Outside any transaction here: the connection's least used statements can go.
      touchStatement(client, config.name);
      trimStatements(client);
    }
    return client.query(config as QueryConfig);
  }

  private uncorkAll(): void {
    this.uncorkScheduled = false;
    for (const lane of this.corked) {
      lane.corked = false;
      socketOf(lane.client!)!.uncork();
    }
    this.corked.length = 0;
  }

  private settle(lane: Lane): void {
    lane.inFlight -= 1;
    lane.progressAt = Date.now();
    if (lane.inFlight > 0 || lane.released) return;
    if (this.closing || this.pool.waitingCount > 0) {
      this.release(lane);
      return;
    }
    // Idle: it no longer keeps the process alive, and goes back to the pool if it stays idle.
    lane.client?.unref();
    if (lane.idleTimer) lane.idleTimer.refresh();
    else {
      lane.idleTimer = setTimeout(() => {
        if (lane.inFlight === 0 && Date.now() - lane.progressAt >= IDLE_MS - 1) this.release(lane);
      }, IDLE_MS);
      lane.idleTimer.unref();
    }
  }

  private release(lane: Lane, broken = false): void {
    if (lane.released) return;
    lane.released = true;
    this.forget(lane);
    if (lane.idleTimer) clearTimeout(lane.idleTimer);
    if (lane.corked) {
      lane.corked = false;
      const index = this.corked.indexOf(lane);
      if (index >= 0) this.corked.splice(index, 1);
      socketOf(lane.client!)!.uncork();
    }
    const client = lane.client;
    if (!client) return;
    client.removeListener('error', lane.onError!);
    client.ref();
    client.release(broken ? true : undefined);
  }

  private forget(lane: Lane): void {
    const index = this.lanes.indexOf(lane);
    if (index >= 0) this.lanes.splice(index, 1);
  }
}

/** The socket under a pg client (pg corks it itself around each statement's messages). */
function socketOf(client: PoolClient): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
  return stream?.cork && stream.uncork ? (stream as { cork(): void; uncork(): void }) : undefined;
}
