/**
 * The client registry: who may ask the hub at all, as what kind of client, for which purposes, and
 * whether it is suspended. The gateway and every subgraph check each request against it; a
 * client's kind and purposes come from here, never from its token. Operators change it with
 * `npm run clients` (gateway/clients.ts), and every change is recorded in `registryEvents`.
 *
 * Lookups are cached per process for REGISTRY_TTL_MS: a suspension takes effect everywhere within
 * that bound (and at once at the development issuer, which reads the store on every token request).
 */
import { createHash, randomBytes, randomUUID, scrypt as scryptCb, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { CollectionIndexes } from '../platform/store/port.ts';
import { CLIENT_KINDS, KIND_PURPOSES, type ClientKind, type Purpose } from './purposes.ts';
import type { Store } from '../platform/store/port.ts';
import { licenceProblem, type PublishLicence } from './licence.ts';
import { validateCreditCode } from '../platform/ids.ts';

/**
 * collection `clients`: the client registry. Every request is checked against it: a client's kind
 * and licensed purposes come from here, never from its token.
 */
export interface ClientDoc {
  _id: string;
  id: string;
  name: string;
  kind: ClientKind;
  purposes: Purpose[];
  /** a suspended client is refused at once (within the registry's cache bound), its tokens included */
  status: 'ACTIVE' | 'SUSPENDED';
  /**
   * how the client proves itself to the hub's own development issuer. In production the operator's
   * identity provider holds the credentials and the registry holds none.
   */
  credentials?: {
    /** scrypt hash of the client secret (client_secret_basic): the secret itself is shown once and never stored */
    secretHash?: string;
    /** public keys for private_key_jwt */
    jwks?: { keys: Record<string, unknown>[] };
  };
  /** the client's rate limit and daily quota (the operations layer enforces them) */
  limits: { requestsPerMinute: number; subjectsPerDay: number };
  /**
   * the hours of the day its licence lets it ask in, on the hub's clock (HUB_TIMEZONE); none when
   * absent. The regulator's anomaly report flags queries outside them; the hub answers them.
   */
  licensedHours?: LicensedHours;
  /**
   * the administrative divisions (GB/T 2260 code prefixes: `32` Jiangsu, `3201` Nanjing, `320102`
   * one district) whose residents its licence lets it ask about, read from the first six digits of
   * a citizen ID; anywhere when absent. The anomaly report flags queries about anyone else.
   */
  licensedRegions?: string[];
  /** an AUTHORITY's licence: what it may publish (wire/licence.ts); no other kind has one */
  publishes?: PublishLicence;
  /**
   * the organisation the client acts for, by its unified social credit code: a PLATFORM's operating
   * company, which records its own shops' credit commitments (ecommerce/services/commitments.ts)
   */
  organisation?: string;
  createdAt: string;
  updatedAt: string;
}

/** collection `registryEvents`: every change to the client registry, who made it and why */
export interface RegistryEventDoc {
  _id: string;
  at: string;
  /** the operator who made the change (the CLI's --operator, or the OS user) */
  operator: string;
  action: 'ADD' | 'SUSPEND' | 'REINSTATE' | 'ROTATE' | 'LICENCE';
  client: string;
  reason?: string;
}

declare module '../platform/store/port.ts' {
  interface Collections {
    clients: ClientDoc;
    registryEvents: RegistryEventDoc;
  }
}

/** The registry's collections, with their indexes. */
export const REGISTRY_COLLECTIONS = {
  clients: [],
  registryEvents: [{ client: 1, at: -1 }],
} as const satisfies CollectionIndexes;

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/** How long a lookup is trusted: the bound on how late a suspension takes effect. */
export const REGISTRY_TTL_MS = 2000;

export { CLIENT_KINDS, KIND_PURPOSES };

export const DEFAULT_LIMITS: ClientDoc['limits'] = { requestsPerMinute: 600, subjectsPerDay: 200_000 };

const CLIENT_ID = /^[a-z0-9][a-z0-9-]{2,62}$/;

export class RegistryError extends Error {
  override name = 'RegistryError';
}

// ---------- licensed hours and regions ----------

/** Wall-clock times `HH:MM` on the hub's clock: from (inclusive) to (exclusive); a from after to spans midnight. */
export interface LicensedHours {
  from: string;
  to: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const REGION = /^\d{2}(?:\d{2}){0,2}$/;

/** `08:00-20:00` (or `22:00-06:00`, across midnight) as licensed hours; RegistryError when it is not. */
export function parseLicensedHours(text: string): LicensedHours {
  const [from = '', to = '', ...rest] = text.trim().split('-');
  if (rest.length || !HH_MM.test(from) || !HH_MM.test(to)) throw new RegistryError(`licensed hours "${text.slice(0, 20)}" must be HH:MM-HH:MM (e.g. 08:00-20:00; 22:00-06:00 spans midnight)`);
  if (from === to) throw new RegistryError('licensed hours must not start and end at the same minute: leave them out for a client that may ask at any hour');
  return { from, to };
}

/** Checked region codes: 2, 4 or 6 digits each, without repeats. */
export function checkLicensedRegions(regions: readonly string[]): string[] {
  if (regions.length === 0) throw new RegistryError('name at least one licensed region, or leave them out for a client that may ask about anyone');
  for (const r of regions) {
    if (!REGION.test(r)) throw new RegistryError(`licensed region "${r.slice(0, 20)}" must be an administrative division code of 2, 4 or 6 digits (32 Jiangsu, 3201 Nanjing, 320102 a district)`);
  }
  return [...new Set(regions)].sort();
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a wall-clock time (seconds into the day on the hub's clock) is within the licensed hours. */
export function withinLicensedHours(hours: LicensedHours, secondsIntoDay: number): boolean {
  const m = Math.floor(secondsIntoDay / 60);
  const from = minutes(hours.from);
  const to = minutes(hours.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** Whether a citizen ID's administrative division (its first six digits) is within the licensed regions. */
export function withinLicensedRegions(regions: readonly string[], citizenId: string): boolean {
  return regions.some((r) => citizenId.startsWith(r));
}

/** The licence's hours and regions in words, for the registry's events and the anomaly report. */
export function describeLicence(c: Pick<ClientDoc, 'licensedHours' | 'licensedRegions'>): string {
  const hours = c.licensedHours ? `hours ${c.licensedHours.from}-${c.licensedHours.to}` : 'any hour';
  const regions = c.licensedRegions ? `regions ${c.licensedRegions.join(',')}` : 'any region';
  return `${hours}; ${regions}`;
}

// ---------- secrets ----------

/** A new client secret: 32 random bytes, shown once to the operator and never stored. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** `scrypt$N$r$p$salt$hash`: the cost travels with the hash, so it can be raised without a migration. */
export async function hashSecret(secret: string, N = 2 ** 15): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return ['scrypt', N, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/**
 * The same hash, made synchronously with a salt derived from the secret: for the development
 * clients the seed writes, whose secrets are public anyway (they are in this repository).
 */
export function hashDevelopmentSecret(secret: string, N = 2 ** 12): string {
  const salt = createHash('sha256').update(`credithub development salt:${secret}`).digest().subarray(0, 16);
  const hash = scryptSync(secret, salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return ['scrypt', N, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function secretMatches(stored: string | undefined, given: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const N = Number(n);
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(given, Buffer.from(salt, 'base64url'), expected.length, { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// ---------- the registry ----------

export interface NewClient {
  id: string;
  name: string;
  kind: ClientKind;
  purposes: Purpose[];
  limits?: Partial<ClientDoc['limits']>;
  licensedHours?: LicensedHours;
  licensedRegions?: string[];
  publishes?: PublishLicence;
  organisation?: string;
}

export function checkNewClient(c: NewClient): void {
  if (!CLIENT_ID.test(c.id)) throw new RegistryError(`client id "${c.id}" must be 3 to 63 lower-case letters, digits and hyphens, starting with a letter or digit`);
  if (!c.name.trim()) throw new RegistryError('a client needs a name');
  const allowed = KIND_PURPOSES[c.kind];
  if (!allowed) throw new RegistryError(`unknown client kind "${c.kind}"; one of ${CLIENT_KINDS.join(', ')}`);
  if (c.purposes.length === 0) throw new RegistryError('a client needs at least one licensed purpose');
  for (const p of c.purposes) {
    if (!allowed.includes(p)) throw new RegistryError(`a ${c.kind} client may be licensed for ${allowed.join(', ')}, not ${p}`);
  }
  if (c.licensedHours) parseLicensedHours(`${c.licensedHours.from}-${c.licensedHours.to}`);
  if (c.licensedRegions) checkLicensedRegions(c.licensedRegions);
  if (c.kind === 'AUTHORITY') {
    const problem = licenceProblem(c.publishes);
    if (problem) throw new RegistryError(problem);
  } else if (c.publishes) throw new RegistryError(`only an AUTHORITY client publishes; a ${c.kind} client has no licence to publish`);
  if (c.organisation !== undefined) {
    const problem = validateCreditCode(c.organisation);
    if (problem) throw new RegistryError(`the organisation must be given by its unified social credit code: ${problem.message}`);
  }
}

/** A change to a client's licensed hours or regions: null lifts the restriction, absent leaves it as it is. */
export interface LicenceChange {
  hours?: LicensedHours | null;
  regions?: string[] | null;
}

export class ClientRegistry {
  private readonly cache = new Map<string, { doc: ClientDoc | null; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = REGISTRY_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The client as the registry holds it (null when it is not registered), at most ttlMs old. */
  async client(id: string): Promise<ClientDoc | null> {
    const hit = this.cache.get(id);
    const t = this.now();
    if (hit && hit.until > t) return hit.doc;
    const doc = await this.store.collection('clients').findOne({ _id: id });
    // unknown ids are cached too, so that a flood of made-up ids costs one read each per interval
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(id, { doc, until: t + this.ttlMs });
    return doc;
  }

  list(): Promise<ClientDoc[]> {
    return this.store.collection('clients').find({}, { sort: { _id: 1 } });
  }

  events(client?: string): Promise<RegistryEventDoc[]> {
    return this.store.collection('registryEvents').find(client ? { client } : {}, { sort: { at: -1 } });
  }

  private async record(operator: string, action: RegistryEventDoc['action'], client: string, reason?: string): Promise<void> {
    await this.store.collection('registryEvents').insertOne({ _id: randomUUID(), at: new Date(this.now()).toISOString(), operator, action, client, ...(reason ? { reason } : {}) });
  }

  /** Registers a client with a new secret, returned once. The change is recorded first: no change goes unrecorded. */
  async add(c: NewClient, operator: string): Promise<{ client: ClientDoc; secret: string }> {
    checkNewClient(c);
    if (await this.store.collection('clients').findOne({ _id: c.id })) throw new RegistryError(`client "${c.id}" is already registered`);
    const secret = newSecret();
    const at = new Date(this.now()).toISOString();
    const doc: ClientDoc = {
      _id: c.id,
      id: c.id,
      name: c.name.trim(),
      kind: c.kind,
      purposes: [...c.purposes],
      status: 'ACTIVE',
      credentials: { secretHash: await hashSecret(secret) },
      limits: { ...DEFAULT_LIMITS, ...c.limits },
      ...(c.licensedHours ? { licensedHours: { from: c.licensedHours.from, to: c.licensedHours.to } } : {}),
      ...(c.licensedRegions ? { licensedRegions: checkLicensedRegions(c.licensedRegions) } : {}),
      ...(c.publishes ? { publishes: { facts: [...c.publishes.facts], ...(c.publishes.regions?.length ? { regions: [...c.publishes.regions] } : {}), refs: [...c.publishes.refs] } } : {}),
      ...(c.organisation ? { organisation: c.organisation } : {}),
      createdAt: at,
      updatedAt: at,
    };
    await this.record(operator, 'ADD', c.id);
    await this.store.collection('clients').insertOne(doc);
    this.cache.delete(c.id);
    return { client: doc, secret };
  }

  private async existing(id: string): Promise<ClientDoc> {
    const doc = await this.store.collection('clients').findOne({ _id: id });
    if (!doc) throw new RegistryError(`no client "${id}" is registered`);
    return doc;
  }

  async suspend(id: string, operator: string, reason: string): Promise<ClientDoc> {
    if (!reason.trim()) throw new RegistryError('a suspension needs a reason (--reason)');
    return this.setStatus(id, 'SUSPENDED', operator, reason.trim());
  }

  reinstate(id: string, operator: string, reason?: string): Promise<ClientDoc> {
    return this.setStatus(id, 'ACTIVE', operator, reason?.trim() || undefined);
  }

  private async setStatus(id: string, status: ClientDoc['status'], operator: string, reason: string | undefined): Promise<ClientDoc> {
    const doc = await this.existing(id);
    if (doc.status === status) throw new RegistryError(`client "${id}" is already ${status.toLowerCase()}`);
    await this.record(operator, status === 'SUSPENDED' ? 'SUSPEND' : 'REINSTATE', id, reason);
    const updatedAt = new Date(this.now()).toISOString();
    await this.store.collection('clients').updateOne({ _id: id }, { $set: { status, updatedAt } });
    this.cache.delete(id);
    return { ...doc, status, updatedAt };
  }

  /** Sets or lifts the client's licensed hours and regions; recorded first, with the licence it leaves. */
  async setLicence(id: string, operator: string, change: LicenceChange): Promise<ClientDoc> {
    if (change.hours === undefined && change.regions === undefined) throw new RegistryError('a licence change names hours, regions or both');
    const doc = await this.existing(id);
    const next: ClientDoc = { ...doc };
    if (change.hours === null) delete next.licensedHours;
    else if (change.hours) next.licensedHours = parseLicensedHours(`${change.hours.from}-${change.hours.to}`);
    if (change.regions === null) delete next.licensedRegions;
    else if (change.regions) next.licensedRegions = checkLicensedRegions(change.regions);
    await this.record(operator, 'LICENCE', id, describeLicence(next));
    next.updatedAt = new Date(this.now()).toISOString();
    // the whole entry is replaced: a lifted restriction leaves no field behind (the port has $set, not $unset)
    await this.store.collection('clients').upsertMany([next]);
    this.cache.delete(id);
    return next;
  }

  /** Replaces the client's secret; the old one stops working at once. */
  async rotate(id: string, operator: string): Promise<{ client: ClientDoc; secret: string }> {
    const doc = await this.existing(id);
    const secret = newSecret();
    const credentials = { ...doc.credentials, secretHash: await hashSecret(secret) };
    await this.record(operator, 'ROTATE', id);
    const updatedAt = new Date(this.now()).toISOString();
    await this.store.collection('clients').updateOne({ _id: id }, { $set: { credentials, updatedAt } });
    this.cache.delete(id);
    return { client: { ...doc, credentials, updatedAt }, secret };
  }
}
