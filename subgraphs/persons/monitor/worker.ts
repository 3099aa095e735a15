/**
 * The monitoring worker (issue 14 item 3): a process beside the subgraphs, on the same store.
 * Each tick it
 *
 *   1. fans the outbox's pending change events out: for each active watch on the event's person,
 *      the watcher's payload (payload.ts: its own view, under the consent in force today), stored
 *      as one delivery per (event, watch), idempotent by id; then marks the event done;
 *   2. delivers what is due: claims each delivery with a lease (a conditional update, so two
 *      workers never attempt one delivery at once), checks again that the watch and its consent
 *      still hold (else the delivery is cancelled and the watch ended), writes the person's audit
 *      record before the first attempt, and POSTs the payload signed per Standard Webhooks; a
 *      failure is retried with exponential backoff and jitter, and after the last attempt the
 *      delivery is a dead letter;
 *   3. ends the watches whose consent has passed its last day (Beijing calendar day).
 *
 * Nothing is held in memory between ticks: a worker that stops leaves its events and deliveries
 * in the store, and a lease it held expires, so the next worker (or itself restarted) goes on.
 * Delivery is at least once: a receiver deduplicates by the webhook-id.
 */
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { recordChanges, type ChangeEventDoc } from '../../shared/facts/changes.ts';
import { displayUntil, listFactKind } from '../../shared/facts/lifecycle.ts';
import { LIST_CLASSES } from '../../shared/policy/matrix.ts';
import { addDays } from '../../shared/platform/clock.ts';
import { AuditLog, recordsOf } from '../../shared/platform/audit.ts';
import type { Clock } from '../../shared/platform/clock.ts';
import type { WebhookSettings } from '../../shared/platform/config.ts';
import { StoreError, type Store } from '../../shared/platform/store/port.ts';
import type { ConsentState } from '../../shared/policy/decide.ts';
import { SubjectView } from '../../shared/policy/view.ts';
import type { Viewer } from '../../shared/wire/viewer.ts';

type ClientKind = Extract<Viewer, { kind: 'CLIENT' }>['clientKind'];
import type { DeliveryDoc, WatchDoc, WebhookEndpointDoc } from '../documents.ts';
import { consentStates, deliveryEntries, deliveryId, endWatches } from '../services/monitoring.ts';
import { payloadFor } from './payload.ts';

/** How far back the daily sweep reports facts whose display period ended. */
export const EXPIRY_WINDOW_DAYS = 31;

export interface WorkerOptions extends WebhookSettings {
  /** events fanned out, and deliveries attempted, per tick */
  batch: number;
  /** how long a claimed delivery is this worker's */
  leaseMs: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  attempts: 8,
  backoffMs: 5_000,
  maxBackoffMs: 3_600_000,
  timeoutMs: 10_000,
  concurrency: 32,
  pollMs: 1_000,
  allowPrivate: false,
  allowHttp: false,
  batch: 500,
  leaseMs: 60_000,
};

/** What the worker tells its operator: counts only, never a subject, a URL or a payload. */
export interface WorkerEvents {
  delivered?(n: number): void;
  /** a failed attempt: HTTP <status>, TIMEOUT, NETWORK_ERROR, ADDRESS_NOT_ALLOWED or CLIENT_SUSPENDED */
  failed?(reason: string): void;
  /** a delivery became a dead letter */
  dead?(): void;
}

export interface TickResult {
  fannedOut: number;
  deliveries: number;
  delivered: number;
  failed: number;
}

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::1', 128],
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

/** Whether a URL's host resolves only to public addresses. */
async function publicAddress(url: URL): Promise<boolean> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  return addresses.every((a) => !PRIVATE.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'));
}

export class MonitorWorker {
  readonly id = `worker-${randomUUID().slice(0, 8)}`;
  private readonly options: WorkerOptions;
  private readonly audit: AuditLog;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  /** false while the last tick failed (the store unreachable): the process's /readyz says so */
  healthy = true;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    options: Partial<WorkerOptions> = {},
    private readonly events: WorkerEvents = {},
  ) {
    this.options = { ...DEFAULT_WORKER_OPTIONS, ...options };
    this.audit = new AuditLog(store);
  }

  /** Runs ticks until stopped: at once while there is work, every pollMs when idle. */
  start(): void {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      let busy = false;
      try {
        const r = await (this.running = this.tick());
        busy = r.fannedOut > 0 || r.deliveries > 0;
        this.healthy = true;
      } catch {
        // a store outage: try again after the poll interval
        this.healthy = false;
      }
      if (!this.stopped) this.timer = setTimeout(() => void loop(), busy ? 0 : this.options.pollMs);
    };
    void loop();
  }

  /** Stops after the tick under way; what is left stays in the store. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.audit.flushed();
  }

  async tick(): Promise<TickResult> {
    await this.daily();
    const fannedOut = await this.fanOut();
    const { deliveries, delivered, failed } = await this.deliverDue();
    return { fannedOut, deliveries, delivered, failed };
  }

  private lastDay: string | undefined;

  /** Once per Beijing day: the watches whose consent ended, and the watched facts whose display period ended. */
  private async daily(): Promise<void> {
    const today = this.clock.today();
    if (this.lastDay === today) return;
    await this.endExpiredWatches();
    await this.sweepExpiredFacts();
    this.lastDay = today;
  }

  // ---------- 1. fan-out ----------

  /**
   * The kinds of these clients, as the registry has them now; with `activeOnly`, a suspended client
   * is left out. Fan-out makes a suspended client's deliveries all the same (they wait, retried,
   * until it is reinstated or they are dead letters); delivery leaves them out.
   */
  private async kinds(clients: readonly string[], activeOnly: boolean): Promise<Map<string, ClientKind>> {
    const docs = await this.store.collection('clients').find({ _id: { $in: [...new Set(clients)] } });
    return new Map(docs.filter((c) => c.kind !== 'SUBJECT_APP' && (!activeOnly || c.status === 'ACTIVE')).map((c) => [c._id, c.kind as ClientKind]));
  }

  async fanOut(): Promise<number> {
    const events = await this.store.collection('changeEvents').find({ fanOut: 'PENDING' }, { sort: { occurredAt: 1, _id: 1 }, limit: this.options.batch });
    if (events.length === 0) return 0;
    const watches = await this.store.collection('watches').find({ subject: { $in: [...new Set(events.map((e) => e.subject))] }, status: 'ACTIVE' });
    const kinds = await this.kinds(watches.map((w) => w.client), false);
    const endpoints = new Map(
      (await this.store.collection('webhookEndpoints').find({ _id: { $in: [...new Set(watches.map((w) => w.client))] } }, { fields: ['_id'] })).map((e) => [e._id, true]),
    );
    const today = this.clock.today();
    const states = await this.consentsOf(watches, today);
    // operational instants (leases, retries, the feed's order, the signature) are the machine's; days are the hub clock's
    const now = new Date().toISOString();
    const deliveries: DeliveryDoc[] = [];
    for (const event of events) {
      for (const w of watches.filter((x) => x.subject === event.subject)) {
        const state = states.get(w._id)!;
        const kind = kinds.get(w.client);
        if (state.state !== 'VALID' || !kind) {
          if (state.state !== 'VALID') await endWatches(this.store, w, state.state === 'EXPIRED' ? 'CONSENT_EXPIRED' : 'CONSENT_REVOKED', now);
          continue;
        }
        const viewer: Viewer = { kind: 'CLIENT', client: w.client, clientKind: kind, purpose: w.purpose };
        const payload = payloadFor(event, new SubjectView(viewer, 'PERSON', false, state), new SubjectView(viewer, 'ORGANISATION', false, { state: 'NONE' }));
        if (!payload) continue;
        deliveries.push(this.delivery(event, w, payload.body, payload.classes, endpoints.has(w.client), now));
      }
    }
    // stamped just before the insert: the pull feed serves a delivery only once its stamp is older
    // than FEED_SETTLE_MS, longer than an insert may take, so none appears behind a cursor given out
    const stamp = new Date().toISOString();
    await this.insertDeliveries(deliveries.map((d) => ({ ...d, createdAt: stamp, nextAttemptAt: stamp })));
    for (const e of events) await this.store.collection('changeEvents').updateOne({ _id: e._id, fanOut: 'PENDING' }, { $set: { fanOut: 'DONE' } });
    return events.length;
  }

  private delivery(event: ChangeEventDoc, w: WatchDoc, payload: string, classes: DeliveryDoc['classes'], webhook: boolean, now: string): DeliveryDoc {
    return {
      _id: deliveryId(event._id, w._id),
      client: w.client,
      purpose: w.purpose,
      watch: w._id,
      event: event._id,
      subject: event.subject,
      type: event.type,
      classes,
      occurredAt: event.occurredAt,
      payload,
      createdAt: now,
      lease: '',
      status: webhook ? 'PENDING' : 'FEED',
      attempts: 0,
      nextAttemptAt: now,
    };
  }

  private async insertDeliveries(docs: readonly DeliveryDoc[]): Promise<void> {
    if (docs.length === 0) return;
    const col = this.store.collection('deliveries');
    try {
      await col.insertMany(docs);
    } catch (err) {
      // made before a stop, or by another worker: each of the others on its own
      if (!(err instanceof StoreError) || err.kind !== 'DUPLICATE') throw err;
      for (const d of docs) await col.insertOne(d).catch((x: unknown) => (x instanceof StoreError && x.kind === 'DUPLICATE' ? undefined : Promise.reject(x)));
    }
  }

  /** Each watch's consent state today, by watch id: one read per (client, purpose). */
  private async consentsOf(watches: readonly Pick<WatchDoc, '_id' | 'client' | 'purpose' | 'subject'>[], today: string): Promise<Map<string, ConsentState>> {
    const out = new Map<string, ConsentState>();
    const groups = new Map<string, Pick<WatchDoc, '_id' | 'client' | 'purpose' | 'subject'>[]>();
    for (const w of watches) {
      const key = `${w.client}|${w.purpose}`;
      const group = groups.get(key);
      if (group) group.push(w);
      else groups.set(key, [w]);
    }
    for (const group of groups.values()) {
      const states = await consentStates(this.store, group[0]!.client, group[0]!.purpose, group.map((w) => w.subject), today);
      for (const w of group) out.set(w._id, states.get(w.subject)!);
    }
    return out;
  }

  // ---------- 2. delivery ----------

  private backoff(attempts: number): number {
    const { backoffMs, maxBackoffMs } = this.options;
    const base = Math.min(maxBackoffMs, backoffMs * 2 ** (attempts - 1));
    // full jitter on the upper half: retries of one endpoint's deliveries spread out
    return Math.round(base / 2 + Math.random() * (base / 2));
  }

  async deliverDue(): Promise<{ deliveries: number; delivered: number; failed: number }> {
    const now = new Date();
    const nowIso = now.toISOString();
    // the most overdue first; those not yet due are left (on MongoDB the {status, nextAttemptAt} index serves it)
    const due = (await this.store.collection('deliveries').find({ status: 'PENDING' }, { sort: { nextAttemptAt: 1, _id: 1 }, limit: this.options.batch })).filter(
      (d) => d.nextAttemptAt <= nowIso && !(d.leaseUntil && d.leaseUntil > nowIso),
    );
    const claimed: DeliveryDoc[] = [];
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs).toISOString();
    for (const d of due) {
      // The claim is an insert keyed by the delivery and the lease token read: the store's unique
      // _id decides between workers that read the same token, even on servers whose conditional
      // updates are not atomic across connections (FerretDB 1.x); on MongoDB the conditional
      // update below would decide it alone.
      const read = d.lease ?? '';
      try {
        await this.store.collection('deliveryClaims').insertOne({ _id: `${d._id}|${read}`, worker: this.id, at: nowIso });
      } catch (err) {
        if (err instanceof StoreError && err.kind === 'DUPLICATE') continue;
        throw err;
      }
      const lease = randomUUID();
      const res = await this.store.collection('deliveries').updateOne({ _id: d._id, status: 'PENDING', lease: read }, { $set: { lease, leaseOwner: this.id, leaseUntil } });
      if (res.modified === 1) claimed.push({ ...d, lease });
    }
    if (claimed.length === 0) return { deliveries: 0, delivered: 0, failed: 0 };
    // the watch and its consent, again: nothing is delivered once the consent has ended
    const today = this.clock.today();
    const watches = new Map((await this.store.collection('watches').find({ _id: { $in: [...new Set(claimed.map((d) => d.watch))] } })).map((w) => [w._id, w]));
    const states = await this.consentsOf([...watches.values()], today);
    const endpoints = new Map((await this.store.collection('webhookEndpoints').find({ _id: { $in: [...new Set(claimed.map((d) => d.client))] } })).map((e) => [e._id, e]));
    const kinds = await this.kinds(claimed.map((d) => d.client), true);
    const go: DeliveryDoc[] = [];
    let failed = 0;
    for (const d of claimed) {
      const w = watches.get(d.watch);
      const state = states.get(d.watch);
      if (!kinds.has(d.client)) {
        // a suspended client: retried later, delivered if it is reinstated in time
        await this.failed(d, 'CLIENT_SUSPENDED');
        failed++;
      } else if (!w || w.status !== 'ACTIVE' || state?.state !== 'VALID') {
        await this.settle(d, { status: 'CANCELLED' });
        if (w?.status === 'ACTIVE' && state) await endWatches(this.store, w, state.state === 'EXPIRED' ? 'CONSENT_EXPIRED' : 'CONSENT_REVOKED', now.toISOString());
      } else if (!endpoints.has(d.client)) await this.settle(d, { status: 'FEED' });
      else go.push(d);
    }
    // the person's audit record, before the first attempt: a payload never leaves unrecorded
    const first = go.filter((d) => d.attempts === 0);
    if (first.length) {
      const byClient = new Map<string, DeliveryDoc[]>();
      for (const d of first) {
        const key = `${d.client}|${d.purpose}`;
        const group = byClient.get(key);
        if (group) group.push(d);
        else byClient.set(key, [d]);
      }
      const records = [...byClient.values()].flatMap((ds) => {
        const viewer: Viewer = { kind: 'CLIENT', client: ds[0]!.client, clientKind: kinds.get(ds[0]!.client)!, purpose: ds[0]!.purpose };
        const perWatch = new Map(ds.map((d) => [d.subject, states.get(d.watch)!]));
        return recordsOf({ viewer, requestId: `monitor:${this.id}:${now.getTime()}`, subgraph: 'persons', at: now }, deliveryEntries(ds, perWatch));
      });
      await this.audit.write(records);
    }
    let delivered = 0;
    const queue = [...go];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const ok = await this.attempt(d, endpoints.get(d.client)!);
        if (ok) delivered++;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, go.length) }, worker));
    this.events.delivered?.(delivered);
    return { deliveries: claimed.length, delivered, failed };
  }

  /** One POST; the delivery settled as DELIVERED, or put back with its next attempt, or DEAD. */
  private async attempt(d: DeliveryDoc, endpoint: WebhookEndpointDoc): Promise<boolean> {
    let problem: string;
    try {
      const url = new URL(endpoint.url);
      if (url.protocol !== 'https:' && !this.options.allowHttp) problem = 'HTTPS_REQUIRED';
      else if (!this.options.allowPrivate && !(await publicAddress(url))) problem = 'ADDRESS_NOT_ALLOWED';
      else {
        const at = new Date();
        // during a rotation, signed under the previous secret too: a receiver accepts either (Standard Webhooks)
        const secrets = [endpoint.secret, ...(endpoint.previous && endpoint.previous.until > at.toISOString() ? [endpoint.previous.secret] : [])];
        const signature = secrets.map((secret) => new Webhook(secret).sign(d._id, at, d.payload)).join(' ');
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': d._id,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signature,
            'user-agent': 'credithub-monitor/1',
          },
          body: d.payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        // the body is not read past what the connection needs: a receiver's answer is not the hub's business
        await res.body?.cancel().catch(() => undefined);
        if (res.status >= 200 && res.status < 300) {
          await this.settle(d, { status: 'DELIVERED', attempts: d.attempts + 1, deliveredAt: new Date().toISOString() });
          return true;
        }
        problem = `HTTP ${res.status}`;
      }
    } catch (err) {
      problem = err instanceof Error && err.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK_ERROR';
    }
    await this.failed(d, problem);
    return false;
  }

  /** A failed attempt: the next one after the backoff, or a dead letter after the last. */
  private async failed(d: DeliveryDoc, problem: string): Promise<void> {
    const attempts = d.attempts + 1;
    this.events.failed?.(problem);
    if (attempts >= this.options.attempts) {
      await this.settle(d, { status: 'DEAD', attempts, lastError: problem });
      this.events.dead?.();
    } else await this.settle(d, { status: 'PENDING', attempts, lastError: problem, nextAttemptAt: new Date(Date.now() + this.backoff(attempts)).toISOString() });
  }

  /** Settles a delivery this worker holds, and releases the lease. */
  private async settle(d: DeliveryDoc, set: Partial<DeliveryDoc>): Promise<void> {
    await this.store.collection('deliveries').updateOne({ _id: d._id, lease: d.lease }, { $set: set, $unset: { leaseOwner: '', leaseUntil: '' } });
  }

  // ---------- 3. consents that passed their last day ----------

  /** Ends the active watches whose consent is no longer valid. */
  async endExpiredWatches(): Promise<number> {
    const today = this.clock.today();
    let ended = 0;
    const now = this.clock.now().toISOString();
    const watches = this.store.collection('watches');
    for (let after = ''; ; ) {
      const page = await watches.find({ status: 'ACTIVE', _id: { $gt: after } }, { sort: { _id: 1 }, limit: 1000 });
      if (page.length === 0) break;
      const states = await this.consentsOf(page, today);
      for (const w of page) {
        const s = states.get(w._id)!;
        if (s.state !== 'VALID') ended += await endWatches(this.store, w, s.state === 'EXPIRED' ? 'CONSENT_EXPIRED' : 'CONSENT_REVOKED', now);
      }
      after = page[page.length - 1]!._id;
    }
    return ended;
  }

  // ---------- 4. facts that passed their display period ----------

  /**
   * An EXPIRED event for each watched person's list entry or financial default whose display
   * period (the lifecycle rules, with any stored date) ended within the last EXPIRY_WINDOW_DAYS:
   * keyed by the fact and its last day, so a sweep run again, by this worker or another, adds
   * nothing. A worker stopped for longer than the window does not report older expiries.
   */
  async sweepExpiredFacts(): Promise<number> {
    const today = this.clock.today();
    const from = addDays(today, -EXPIRY_WINDOW_DAYS);
    const events: ChangeEventDoc[] = [];
    const at = this.clock.now().toISOString();
    for (let after = ''; ; ) {
      const page = await this.store.collection('watches').find({ status: 'ACTIVE', subject: { $gt: after } }, { sort: { subject: 1 }, limit: 1000, fields: ['subject'] });
      if (page.length === 0) break;
      const subjects = [...new Set(page.map((w) => w.subject))];
      const [entries, defaults] = await Promise.all([
        this.store.collection('sanctionEntries').find({ subject: { $in: subjects }, status: 'ACTIVE' }),
        this.store.collection('financialDefaults').find({ subject: { $in: subjects }, status: 'ACTIVE' }),
      ]);
      const ended = (until: string | null) => until !== null && until < today && until >= from;
      for (const e of entries) {
        const until = displayUntil(e, listFactKind(e.list), today);
        if (ended(until)) events.push({ _id: `expiry:${e._id}:${until}`, subject: e.subject, type: 'EXPIRED', cls: LIST_CLASSES[e.list], fact: { ref: e._id, list: e.list }, source: 'sanctions', occurredAt: at, fanOut: 'PENDING' });
      }
      for (const d of defaults) {
        const until = displayUntil(d, 'FINANCIAL_DEFAULT', today);
        if (ended(until)) events.push({ _id: `expiry:${d._id}:${until}`, subject: d.subject, type: 'EXPIRED', cls: 'FINANCIAL_DEFAULT', fact: { ref: d._id, list: 'FINANCIAL_DEFAULT' }, source: 'persons', occurredAt: at, fanOut: 'PENDING' });
      }
      after = page[page.length - 1]!.subject;
    }
    await recordChanges(this.store, events);
    return events.length;
  }
}
