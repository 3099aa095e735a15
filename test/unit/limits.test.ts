/**
 * The gateway's limits without a network: the cost multiplies by the lists an operation asks for
 * (gateway/cost.ts); the per-client counters and the cost in flight (gateway/limits.ts), whose
 * queue holds back only the client that fills it; the allow-list's manifest (gateway/allowList.ts).
 * No timing: every assertion is about what is admitted, what waits and what is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { buildSchema, parse, type GraphQLError } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAllowList, requestedHash, sha256 } from '../../gateway/allowList.ts';
import { operationCost } from '../../gateway/cost.ts';
import { ClientLimits, QUEUE_LENGTH } from '../../gateway/limits.ts';
import { ConfigError } from '../../subgraphs/shared/platform/config.ts';
import { DEFAULT_LIMITS, type ClientDoc, type ClientRegistry } from '../../subgraphs/shared/wire/registry.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const schema = buildSchema(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'), { assumeValidSDL: true });
const BATCH = /* GraphQL */ `query Batch($codes: [ID!]!) { persons(creditCodes: $codes) { name financialDefaults { ref overdueAmount } } }`;
const codes = (n: number) => Array.from({ length: n }, (_, i) => `32010219850923${String(i).padStart(4, '0')}`);

describe('query cost (gateway/cost.ts)', () => {
  it('multiplies by the codes passed: 1,000 codes cost about 1,000 times one', () => {
    const one = operationCost(schema, parse(BATCH), 'Batch', { codes: codes(1) });
    const thousand = operationCost(schema, parse(BATCH), 'Batch', { codes: codes(1000) });
    expect(one).toBeGreaterThan(1);
    expect(thousand / one).toBeGreaterThan(950);
    expect(thousand / one).toBeLessThan(1050);
  });

  it('counts the codes written into the document as well as those passed as variables', () => {
    const inline = parse(`{ persons(creditCodes: [${codes(50).map((c) => `"${c}"`).join(', ')}]) { name } }`);
    const asVariables = parse(/* GraphQL */ `query B($codes: [ID!]!) { persons(creditCodes: $codes) { name } }`);
    expect(operationCost(schema, inline, undefined)).toBe(operationCost(schema, asVariables, 'B', { codes: codes(50) }));
  });

  it('counts a list of unknown length as several items, so nesting costs more than a flat field', () => {
    const flat = operationCost(schema, parse(`{ person(creditCode: "320203199507082021") { name } }`), undefined);
    const nested = operationCost(schema, parse(`{ person(creditCode: "320203199507082021") { name financialDefaults { ref } } }`), undefined);
    expect(nested).toBeGreaterThan(flat + 5);
  });
});

// ---------- the client limits ----------

function registry(limits: Partial<ClientDoc['limits']> = {}): ClientRegistry {
  return { client: async (id: string) => ({ _id: id, limits: { ...DEFAULT_LIMITS, ...limits } }) } as unknown as ClientRegistry;
}
const client = (id: string) => ({ kind: 'CLIENT', client: id, purpose: 'LOAN_UNDERWRITING' }) as unknown as Viewer;
const A = client('bank-a');
const B = client('bank-b');
const CAP = 1000;

/** Whether a promise has settled, after the microtasks queued so far have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setImmediate(r));
  return done;
}

const limits = (extra: Partial<ConstructorParameters<typeof ClientLimits>[2]> = {}, reg = registry()) =>
  ClientLimits.create(undefined, reg, { timeZone: 'Asia/Shanghai', clientCostInFlight: CAP, ...extra });

describe('the cost in flight (gateway/limits.ts)', () => {
  it('queues an expensive client behind its own operations only: another client, and its own cheap operations, go at once', async () => {
    const l = await limits();
    const first = await l.admitOperation(A, { cost: 800, subjects: 0 });
    const second = l.admitOperation(A, { cost: 800, subjects: 0 });
    const third = l.admitOperation(A, { cost: 800, subjects: 0 });
    expect(await settled(second)).toBe(false);
    expect(l.waiting('bank-a')).toBe(2);
    // another client is not behind them
    const other = l.admitOperation(B, { cost: 800, subjects: 0 });
    expect(await settled(other)).toBe(true);
    // nor is the same client's cheap question (at most a hundredth of the cap)
    const cheap = l.admitOperation(A, { cost: 10, subjects: 0 });
    expect(await settled(cheap)).toBe(true);
    // the first one done lets the next in, in order
    first();
    expect(await settled(second)).toBe(true);
    expect(await settled(third)).toBe(false);
    (await second)();
    expect(await settled(third)).toBe(true);
    expect(l.waiting('bank-a')).toBe(0);
    (await third)();
    (await other)();
    (await cheap)();
    expect(l.costInFlight('bank-a')).toBe(0);
  });

  it('runs one operation above the cap alone, when its client has nothing else in flight', async () => {
    const l = await limits();
    const big = await l.admitOperation(A, { cost: 5 * CAP, subjects: 0 });
    expect(l.costInFlight('bank-a')).toBe(5 * CAP);
    big();
  });

  it('refuses with RATE_LIMITED (429, Retry-After) when the client already has a full queue', async () => {
    const l = await limits();
    const first = await l.admitOperation(A, { cost: 900, subjects: 0 });
    const waiting = Array.from({ length: QUEUE_LENGTH }, () => l.admitOperation(A, { cost: 900, subjects: 0 }));
    const refused = await l.admitOperation(A, { cost: 900, subjects: 0 }).then(
      () => undefined,
      (e: GraphQLError) => e,
    );
    expect(refused?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'COST_IN_FLIGHT', http: { status: 429 } });
    expect(refused?.message).toMatch(/send fewer at a time/);
    first();
    for (const w of waiting) (await w)();
  });

  it('refuses an operation that waited past the limit, and forgets it', async () => {
    const l = await limits({ queueWaitMs: 20 });
    const first = await l.admitOperation(A, { cost: 900, subjects: 0 });
    const late = await l.admitOperation(A, { cost: 900, subjects: 0 }).then(
      () => undefined,
      (e: GraphQLError) => e,
    );
    expect(late?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'COST_IN_FLIGHT' });
    expect(l.waiting('bank-a')).toBe(0);
    first();
    expect(l.costInFlight('bank-a')).toBe(0);
  });
});

describe('requests a minute and subjects a day, from the registry (gateway/limits.ts)', () => {
  it('refuses the request past the client limit with 429 and a Retry-After of at most a minute', async () => {
    const l = await limits({}, registry({ requestsPerMinute: 3 }));
    // the minute's counter is keyed by the minute: at its very end, start in the next one
    const into = Date.now() % 60_000;
    if (into > 58_000) await new Promise((r) => setTimeout(r, 60_500 - into));
    for (let i = 0; i < 3; i++) await l.admitRequest(A);
    const refused = await l.admitRequest(A).then(
      () => undefined,
      (e: GraphQLError) => e,
    );
    expect(refused?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'REQUESTS_PER_MINUTE', limit: 3, http: { status: 429 } });
    const retryAfter = (refused!.extensions.http as unknown as { headers: Map<string, string> }).headers.get('retry-after');
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(refused!.message).toMatch(/3 requests a minute/);
    // another client has its own count
    await expect(l.admitRequest(B)).resolves.toBeUndefined();
  });

  it('counts the subjects a day, and gives back what a refused request would have used', async () => {
    const l = await limits({}, registry({ subjectsPerDay: 100 }));
    (await l.admitOperation(A, { cost: 1, subjects: 60 }))();
    const refused = await l.admitOperation(A, { cost: 1, subjects: 50 }).then(
      () => undefined,
      (e: GraphQLError) => e,
    );
    expect(refused?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'SUBJECTS_PER_DAY', used: 60, asked: 50 });
    expect(refused!.message).toMatch(/midnight \(Asia\/Shanghai\)/);
    // the 50 were not counted: 40 more still fit today
    (await l.admitOperation(A, { cost: 1, subjects: 40 }))();
    await expect(l.admitOperation(A, { cost: 1, subjects: 1 })).rejects.toMatchObject({ extensions: { reason: 'SUBJECTS_PER_DAY' } });
  });
});

describe('the allow-list manifest (gateway/allowList.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credithub-allowlist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const body = 'query Name { person(creditCode: "320203199507082021") { name } }';

  it('reads an Apollo persisted query manifest and knows its operations by sha256', () => {
    const list = loadAllowList(write('ok.json', { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256(body), name: 'Name', type: 'query', body }] }));
    expect(list.size).toBe(1);
    expect(list.has(sha256(body))).toBe(true);
    expect(list.body(sha256(body))).toBe(body);
    expect(list.has(sha256(body + ' '))).toBe(false);
  });

  it('refuses, with one clear line, a manifest that cannot be read, is not one, or has an id that is not its body`s hash', () => {
    expect(() => loadAllowList(join(dir, 'missing.json'))).toThrow(ConfigError);
    expect(() => loadAllowList(write('text.json', 'not json'))).toThrow(/cannot be read as JSON/);
    expect(() => loadAllowList(write('shape.json', { operations: [] }))).toThrow(/not an Apollo persisted query manifest/);
    expect(() => loadAllowList(write('hash.json', { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: sha256('other'), name: 'Name', type: 'query', body }] }))).toThrow(/"Name" is not the sha256 of its body/);
  });

  it('takes the operation of a request from its text, or from the id it sends instead', () => {
    expect(requestedHash({ query: body }, new URLSearchParams())).toBe(sha256(body));
    expect(requestedHash({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }, new URLSearchParams())).toBe('abc');
    expect(requestedHash(undefined, new URLSearchParams({ query: body }))).toBe(sha256(body));
    expect(requestedHash({}, new URLSearchParams())).toBeUndefined();
  });
});
