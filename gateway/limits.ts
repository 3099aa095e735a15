/**
 * Per-client limits at the gateway, from the client registry (ClientDoc.limits):
 *  - requests a minute: every request counts one, before any GraphQL work;
 *  - subjects a day: every operation counts the subjects it names (the codes it passes), per
 *    calendar day in the hub's time zone;
 *  - cost in flight: the operations a client has running at once may cost at most
 *    HUB_CLIENT_COST_IN_FLIGHT together (gateway/cost.ts), so that one client's fan-out queries
 *    cannot take the hub from the others. A cheap operation (at most a hundredth of it) always
 *    runs; an expensive one that would pass the cap waits, in that client's own queue, until the
 *    client's earlier operations have finished (one above the cap on its own runs when the
 *    client has nothing else in flight). Only the client that sends them waits: other clients'
 *    operations never enter its queue. A client that has QUEUE_LENGTH operations waiting, or
 *    one that waited QUEUE_WAIT_MS, is refused.
 * A client over a limit gets HTTP 429 with Retry-After and the code RATE_LIMITED, naming which
 * limit and when to retry.
 *
 * The counters live in the store: rate-limiter-flexible's RateLimiterMongo on MongoDB (collection
 * `rateLimits`), so that every gateway replica counts against the same limits; in memory on the
 * embedded store (one process). A store that does not answer within LIMITER_TIMEOUT_MS is stood
 * in for by counters in memory for a while, so that limits still hold, per replica, during an
 * outage, and an outage delays no request more than once. The cost in flight is counted per
 * replica.
 */
import { createHash } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { calendarDay, secondsToNextDay } from '../subgraphs/shared/platform/clock.ts';
import { MongoStore } from '../subgraphs/shared/platform/store/mongo.ts';
import type { Store } from '../subgraphs/shared/platform/store/port.ts';
import { DEFAULT_LIMITS, type ClientDoc, type ClientRegistry } from '../subgraphs/shared/wire/registry.ts';
import type { Viewer } from '../subgraphs/shared/wire/viewer.ts';

/** the collection the shared counters live in (MongoDB only) */
export const RATE_LIMIT_COLLECTION = 'rateLimits';
/** how long a counter in the store may take before the one in memory stands in */
export const LIMITER_TIMEOUT_MS = 500;
/** after a store counter failed, how long the ones in memory stand in before the store is tried again */
export const LIMITER_PAUSE_MS = 5000;
/** an operation still counted in flight after this long has been lost track of, and is dropped */
const IN_FLIGHT_STALE_MS = 5 * 60_000;
/** how many of one client's expensive operations may wait for its cost in flight at once */
export const QUEUE_LENGTH = 16;
/** the longest an expensive operation waits for its client's earlier ones before it is refused */
export const QUEUE_WAIT_MS = 15_000;

export type LimitReason = 'REQUESTS_PER_MINUTE' | 'SUBJECTS_PER_DAY' | 'COST_IN_FLIGHT';

/** HTTP 429 with Retry-After: the client's own limit, named, and when to retry. */
export function rateLimited(reason: LimitReason, retryAfterSeconds: number, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GraphQLError(message, {
    extensions: {
      code: 'RATE_LIMITED',
      reason,
      retryAfter,
      ...extra,
      // Apollo Server sends an error's `http` head (a HeaderMap); graphql-yoga's typing of the same extension expects a record
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) as never },
    },
  });
}

type Window = 'minute' | 'day';
const DURATION_S: Record<Window, number> = { minute: 60, day: 86_400 };

/** A counter of points per key within a window (rate-limiter-flexible's consume and reward). */
interface Counter {
  consume(key: string, points: number): Promise<RateLimiterRes>;
  reward(key: string, points: number): Promise<unknown>;
}

/** Where the counters live: a limiter per window and allowance (a limiter's points are fixed). */
type Counters = (window: Window, points: number) => Counter;

function memoryCounters(): Counters {
  const made = new Map<string, Counter>();
  return (window, points) => {
    const id = `${window}:${points}`;
    let l = made.get(id);
    if (!l) made.set(id, (l = new RateLimiterMemory({ keyPrefix: window, points, duration: DURATION_S[window] })));
    return l;
  };
}

/**
 * Counters in MongoDB, each with a stand-in in memory: a store call that fails or takes longer
 * than LIMITER_TIMEOUT_MS is counted in memory instead, and so is every call for the next
 * LIMITER_PAUSE_MS, so that a store outage costs a request that wait once, not on every request.
 */
function mongoCounters(storeClient: unknown, dbName: string, now: () => number = Date.now): Counters {
  const made = new Map<string, Counter>();
  let standInUntil = 0;
  return (window, points) => {
    const id = `${window}:${points}`;
    let l = made.get(id);
    if (!l) {
      const shared = new RateLimiterMongo({
        storeClient,
        dbName,
        tableName: RATE_LIMIT_COLLECTION,
        keyPrefix: window,
        points,
        duration: DURATION_S[window],
        // the store makes the indexes itself (MongoStore.expiringCollection): FerretDB has no TTL index
        disableIndexesCreation: true,
      });
      const standIn = new RateLimiterMemory({ keyPrefix: window, points, duration: DURATION_S[window] });
      const guarded = async (op: 'consume' | 'reward', key: string, pts: number): Promise<RateLimiterRes> => {
        if (now() < standInUntil) return standIn[op](key, pts);
        let timer: NodeJS.Timeout | undefined;
        try {
          const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('rate-limit store timeout')), LIMITER_TIMEOUT_MS)));
          return await Promise.race([shared[op](key, pts), late]);
        } catch (err) {
          if (err instanceof RateLimiterRes) throw err;
          standInUntil = now() + LIMITER_PAUSE_MS;
          return standIn[op](key, pts);
        } finally {
          clearTimeout(timer);
        }
      };
      made.set(id, (l = { consume: (key, pts) => guarded('consume', key, pts), reward: (key, pts) => guarded('reward', key, pts) }));
    }
    return l;
  };
}

export interface LimitsConfig {
  timeZone: string;
  clientCostInFlight: number;
  /** how long an operation may wait for its client's cost in flight (QUEUE_WAIT_MS unless set) */
  queueWaitMs?: number;
  /** benchmark only: admit everything */
  disabled?: boolean;
}

interface Asker {
  /** the counters' key: the client id, or for a person on their own file a digest (never the ID itself) */
  key: string;
  /** how the messages name the asker */
  label: string;
  limits: ClientDoc['limits'];
}

/** One client's operations at this gateway: those running, and those waiting for them. */
interface ClientFlight {
  running: Map<symbol, { cost: number; at: number }>;
  waiting: { cost: number; admit: (release: () => void) => void }[];
}

export class ClientLimits {
  private readonly flights = new Map<string, ClientFlight>();

  constructor(
    private readonly counters: Counters,
    private readonly registry: ClientRegistry,
    private readonly config: LimitsConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counters shared through MongoDB when the store is MongoDB, in memory otherwise. */
  static async create(store: Store | undefined, registry: ClientRegistry, config: LimitsConfig): Promise<ClientLimits> {
    if (store instanceof MongoStore && !config.disabled) {
      const { storeClient, dbName } = await store.expiringCollection(RATE_LIMIT_COLLECTION);
      return new ClientLimits(mongoCounters(storeClient, dbName), registry, config);
    }
    return new ClientLimits(memoryCounters(), registry, config);
  }

  private async asker(viewer: Viewer): Promise<Asker> {
    const id = viewer.client;
    let doc: ClientDoc | null = null;
    try {
      // read a moment ago by the authentication of this same request: from the registry's cache
      doc = id ? await this.registry.client(id) : null;
    } catch {
      // the registry answered for this request already; its default limits stand in
    }
    const limits = { ...DEFAULT_LIMITS, ...doc?.limits };
    if (viewer.kind === 'CLIENT') return { key: viewer.client, label: `Client "${viewer.client}"`, limits };
    const digest = createHash('sha256').update(viewer.subject).digest('hex').slice(0, 16);
    return { key: `${id ?? 'self'}/${digest}`, label: 'This self-access user', limits };
  }

  /** One request, counted before any GraphQL work: RATE_LIMITED once the client's requests a minute are used. */
  async admitRequest(viewer: Viewer): Promise<void> {
    if (this.config.disabled) return;
    const who = await this.asker(viewer);
    const t = this.now();
    const minute = Math.floor(t / 60_000);
    const allowed = who.limits.requestsPerMinute;
    try {
      await this.counters('minute', allowed).consume(`${who.key}:${minute}`, 1);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const retry = ((minute + 1) * 60_000 - t) / 1000;
      throw rateLimited(
        'REQUESTS_PER_MINUTE',
        retry,
        `${who.label} may send ${allowed.toLocaleString('en')} requests a minute and has sent them: retry in ${Math.max(1, Math.ceil(retry))} s (Retry-After), or ask the hub's operator for a higher limit.`,
        { limit: allowed },
      );
    }
  }

  /**
   * An operation about to run, with its cost and the subjects it names: refused with
   * RATE_LIMITED when the client's cost in flight or its subjects a day would be exceeded.
   * Returns the release to call once the answer is sent.
   */
  async admitOperation(viewer: Viewer, { cost, subjects }: { cost: number; subjects: number }): Promise<() => void> {
    if (this.config.disabled) return () => undefined;
    const who = await this.asker(viewer);
    const release = await this.enter(who, cost);
    if (subjects <= 0) return release;
    const t = this.now();
    const allowed = who.limits.subjectsPerDay;
    const key = `${who.key}:${calendarDay(t, this.config.timeZone)}`;
    const counter = this.counters('day', allowed);
    try {
      await counter.consume(key, subjects);
    } catch (err) {
      release();
      if (!(err instanceof RateLimiterRes)) throw err;
      // what this request would have used is given back: a smaller one may still fit today
      await counter.reward(key, subjects).catch(() => undefined);
      const used = Math.max(0, err.consumedPoints - subjects);
      throw rateLimited(
        'SUBJECTS_PER_DAY',
        secondsToNextDay(t, this.config.timeZone),
        `${who.label} may ask about ${allowed.toLocaleString('en')} subjects a day and has asked about ${used.toLocaleString('en')} today: this request's ${subjects.toLocaleString('en')} would exceed it. The count starts again at midnight (${this.config.timeZone}); ask the hub's operator for a higher quota.`,
        { limit: allowed, used, asked: subjects },
      );
    }
    return release;
  }

  /** The client's cost of operations running, without those lost track of. */
  private running(flight: ClientFlight): number {
    const t = this.now();
    let total = 0;
    for (const [id, op] of flight.running) {
      if (t - op.at > IN_FLIGHT_STALE_MS) flight.running.delete(id);
      else total += op.cost;
    }
    return total;
  }

  private fits(flight: ClientFlight, cost: number): boolean {
    const cap = this.config.clientCostInFlight;
    if (cost <= cap / 100) return true;
    const total = this.running(flight);
    return total === 0 || total + cost <= cap;
  }

  /** Runs the operation at once, counted in flight; the release lets the client's next one in. */
  private start(key: string, flight: ClientFlight, cost: number): () => void {
    const id = Symbol('operation');
    flight.running.set(id, { cost, at: this.now() });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      flight.running.delete(id);
      this.pump(key, flight);
    };
  }

  /** Lets in, in order, the client's waiting operations that now fit. */
  private pump(key: string, flight: ClientFlight): void {
    while (flight.waiting.length > 0 && this.fits(flight, flight.waiting[0]!.cost)) {
      const next = flight.waiting.shift()!;
      next.admit(this.start(key, flight, next.cost));
    }
    if (flight.running.size === 0 && flight.waiting.length === 0 && this.flights.get(key) === flight) this.flights.delete(key);
  }

  /**
   * Counts the operation in flight: at once when it fits within the client's cost in flight (or is
   * cheap), else once the client's earlier operations have made room, in the client's own queue.
   * Refused when the client's queue is full or the wait passes the limit.
   */
  private async enter(who: Asker, cost: number): Promise<() => void> {
    const cap = this.config.clientCostInFlight;
    let flight = this.flights.get(who.key);
    if (!flight) this.flights.set(who.key, (flight = { running: new Map(), waiting: [] }));
    const cheap = cost <= cap / 100;
    if (cheap || (flight.waiting.length === 0 && this.fits(flight, cost))) return this.start(who.key, flight, cost);
    const refusal = (why: string) =>
      rateLimited(
        'COST_IN_FLIGHT',
        1,
        `${who.label} already has operations costing ${this.running(flight!).toLocaleString('en')} running, and may have at most ${cap.toLocaleString('en')} at once: this one (cost ${cost.toLocaleString('en')}) ${why}. Retry when one has finished (Retry-After), or send fewer at a time.`,
        { limit: cap, inFlight: this.running(flight!), cost },
      );
    if (flight.waiting.length >= QUEUE_LENGTH) throw refusal(`cannot wait, ${QUEUE_LENGTH} of its operations are waiting already`);
    const f = flight;
    return new Promise<() => void>((resolve, reject) => {
      const entry = {
        cost,
        admit: (release: () => void) => {
          clearTimeout(timer);
          resolve(release);
        },
      };
      const timer = setTimeout(() => {
        const at = f.waiting.indexOf(entry);
        if (at >= 0) f.waiting.splice(at, 1);
        reject(refusal(`waited ${Math.round((this.config.queueWaitMs ?? QUEUE_WAIT_MS) / 1000)} s for them to finish`));
      }, this.config.queueWaitMs ?? QUEUE_WAIT_MS);
      timer.unref();
      f.waiting.push(entry);
    });
  }

  /** How many of the asker's operations wait for its cost in flight (tests and diagnostics). */
  waiting(key: string): number {
    return this.flights.get(key)?.waiting.length ?? 0;
  }

  /** The cost the asker has in flight now (tests and diagnostics). */
  costInFlight(key: string): number {
    let total = 0;
    for (const op of this.flights.get(key)?.running.values() ?? []) total += op.cost;
    return total;
  }
}
