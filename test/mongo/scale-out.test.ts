/**
 * Scale out: two complete hubs — each a gateway and the five subgraphs, twelve processes of the
 * compiled build run with plain node in production mode — over one MongoDB-protocol database.
 * Nothing a decision depends on is cached across requests in a process (README, "Scaling out"),
 * so what one hub changes, the other honours on its very next request:
 * - a consent the subject revokes through hub A no longer opens the bank's read through hub B;
 * - a court listing removed through hub A stops showing and stops screening through hub B at once,
 *   although B's screening index, built before the removal, still holds it (the index drops it at
 *   its next rebuild, at most REFRESH_MS = 60 s after; every hit is checked against the store per
 *   request meanwhile);
 * - each hub's subgraphs write the complete audit records of the requests it answered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from '../../schema/build.ts';
import { calendarDay, addYears } from '../../subgraphs/shared/platform/clock.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/shared/platform/config.ts';
import { generateGatewayKeys } from '../../subgraphs/shared/wire/assertion.ts';
import { seed, SHOWCASE_ONLY } from '../fixtures/seed/cli.ts';
import { describeMongo, freshMongoStore, REPO_ROOT, type FreshMongo } from '../support/mongo.ts';
import { unusedPort } from '../support/ports.ts';
import { startTestIssuer, type TestIssuer } from '../support/testIssuer.ts';

const 李梅 = '320102198509231629';
const LISTING = '(2025)苏01执1234号';
const BANK = 'bank-jinling';
const REGULATOR = 'regulator-jiangsu-credit';

const OUT = `.cache/build-scale-${randomBytes(4).toString('hex')}`;

interface Hub {
  name: string;
  url: string;
  processes: ChildProcess[];
}

/** Starts a compiled process and waits for its ready line; its output is kept for the failure message. */
async function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: no ready line within 40 s:\n${output}`)), 40_000);
    const onData = (d: Buffer) => {
      output += d;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return child;
}

let fresh: FreshMongo;
let issuer: TestIssuer;
const hubs: Hub[] = [];

/** One complete hub, as production runs it: five subgraph processes, then a gateway in front of them. */
async function startHub(name: string, common: Record<string, string>): Promise<Hub> {
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await unusedPort()] as const)));
  const processes = await Promise.all(
    SUBGRAPH_NAMES.map((n) => startProcess([join(OUT, 'subgraphs/serve.js'), n], { ...common, [`${n.toUpperCase()}_PORT`]: String(ports[n]) }, new RegExp(`${n} subgraph ready at`))),
  );
  const gatewayPort = await unusedPort();
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports[n]}/graphql`]));
  processes.push(await startProcess([join(OUT, 'gateway/main.js')], { ...common, ...urls, GATEWAY_PORT: String(gatewayPort) }, /credithub gateway ready at/));
  return { name, url: `http://127.0.0.1:${gatewayPort}/graphql`, processes };
}

async function ask(hub: Hub, token: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: { message: string; path?: string[]; extensions?: any }[]; extensions?: any }) };
}

/** The audit records the subgraphs wrote for one request, without their ids and times. */
async function recordsOf(requestId: string) {
  const records = await fresh.store.collection('queryRecords').find({ requestId });
  return records.map(({ _id, at, ...r }) => r).sort((a, b) => `${a.subgraph} ${a.action ?? ''}`.localeCompare(`${b.subgraph} ${b.action ?? ''}`));
}

describeMongo('two hubs on one database (compiled, one process per service)', () => {
  let A: Hub;
  let B: Hub;
  let bank: string;
  let regulator: string;
  let self: string;

  beforeAll(async () => {
    const started = Date.now();
    build(OUT);
    const builtAt = Date.now();
    fresh = await freshMongoStore();
    await seed({ store: fresh.store, scale: SHOWCASE_ONLY });
    const seededAt = Date.now();
    issuer = await startTestIssuer();
    const keys = await generateGatewayKeys('gw-scale');
    // the same deployment twice: one issuer, one key pair, one database
    const common = {
      NODE_ENV: 'production',
      APOLLO_TELEMETRY_DISABLED: '1',
      MONGODB_URI: fresh.uri,
      HUB_TOKEN_ISSUERS: issuer.url,
      HUB_GATEWAY_JWKS: JSON.stringify(keys.jwks),
      HUB_GATEWAY_SIGNING_KEY: JSON.stringify(keys.signing),
      HUB_LINK_KEY: randomBytes(32).toString('base64'),
    };
    [A, B] = await Promise.all([startHub('A', common), startHub('B', common)]);
    hubs.push(A, B);
    bank = await issuer.mint(BANK);
    regulator = await issuer.mint(REGULATOR);
    self = await issuer.mint('dev-self-access', { claims: { subject_code: 李梅 } });
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`scale-out: build ${s(builtAt - started)}, seed ${s(seededAt - builtAt)}, 2 hubs of 6 processes started in ${s(Date.now() - seededAt)}`);
  }, 110_000);

  afterAll(async () => {
    await Promise.all(
      hubs.flatMap((h) => h.processes).map(async (p) => {
        if (p.exitCode !== null || p.signalCode !== null) return;
        const exited = once(p, 'exit');
        p.kill('SIGTERM');
        const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await issuer?.close();
    await fresh?.dispose();
    rmSync(join(REPO_ROOT, OUT), { recursive: true, force: true });
  }, 30_000);

  it('honours through B, on its next request, a consent revoked through A; both write complete records', async () => {
    const today = calendarDay(new Date());
    const READ = /* GraphQL */ `{ person(creditCode: "${李梅}") { name financialDefaults { ref } } }`;

    /** The fields withheld, each with its reason. */
    const withheld = (res: Awaited<ReturnType<typeof ask>>) => (res.errors ?? []).map((e) => `${e.extensions.field} ${e.extensions.reason}`).sort();
    const NO_CONSENT = ['Person.financialDefaults NO_CONSENT', 'Person.name NO_CONSENT'];

    const refusedBefore = await ask(B, bank, READ);
    expect(withheld(refusedBefore)).toEqual(NO_CONSENT);

    const granted = await ask(A, self, /* GraphQL */ `mutation($i: GrantConsentInput!) { grantConsent(input: $i) { id state } }`, {
      i: { client: BANK, purpose: 'LOAN_UNDERWRITING', expiresAt: addYears(today, 1) },
    });
    expect(granted.errors).toBeUndefined();
    const consent = granted.data.grantConsent.id as string;

    const opened = await ask(B, bank, READ);
    expect(opened.errors).toBeUndefined();
    expect(opened.data.person).toEqual({ name: '李梅', financialDefaults: [] });

    const revoked = await ask(A, self, /* GraphQL */ `mutation($id: ID!) { revokeConsent(id: $id) { id state } }`, { id: consent });
    expect(revoked.data.revokeConsent).toEqual({ id: consent, state: 'REVOKED' });

    // the very next request through B: no wait, no cache to expire
    const refused = await ask(B, bank, READ);
    expect(refused.data.person).toEqual({ name: null, financialDefaults: null });
    expect(withheld(refused)).toEqual(NO_CONSENT);

    const asked = { client: BANK, clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING', subjects: [李梅] };
    // the change, recorded before it was made, and the answer that showed the consent
    const own = { ...asked, client: null, clientKind: 'SUBJECT', purpose: 'SELF_ACCESS', requestId: granted.extensions.requestId, subgraph: 'persons', consents: [null], consentStates: [null], classes: ['RECORDS'], denied: [] };
    expect(await recordsOf(granted.extensions.requestId)).toEqual([own, { ...own, action: 'grantConsent', target: consent }]);
    expect(await recordsOf(revoked.extensions.requestId)).toEqual([
      { ...own, requestId: revoked.extensions.requestId },
      { ...own, requestId: revoked.extensions.requestId, action: 'revokeConsent', target: consent },
    ]);
    expect(await recordsOf(opened.extensions.requestId)).toEqual([
      { ...asked, requestId: opened.extensions.requestId, subgraph: 'persons', consents: [consent], consentStates: ['VALID'], classes: ['FINANCIAL_DEFAULT', 'IDENTITY'], denied: [] },
    ]);
    expect(await recordsOf(refused.extensions.requestId)).toEqual([
      { ...asked, requestId: refused.extensions.requestId, subgraph: 'persons', consents: [null], consentStates: ['REVOKED'], classes: [], denied: ['Person.financialDefaults', 'Person.name'] },
    ]);
  });

  it('stops showing and screening through B, on its next request, a court listing removed through A', async () => {
    const today = calendarDay(new Date());
    const LISTINGS = /* GraphQL */ `{ person(creditCode: "${李梅}") { sanctions { courtListed courtListings { ref } } } }`;
    const SCREEN = /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { hits { ref status } } }`;

    // B builds its screening index now, with the listing in it
    const screenedBefore = await ask(B, regulator, SCREEN, { s: [{ name: '李梅', creditCode: 李梅 }] });
    expect(screenedBefore.data.screen[0].hits).toEqual([{ ref: LISTING, status: 'CONFIRMED' }]);
    expect((await ask(B, regulator, LISTINGS)).data.person.sanctions).toEqual({ courtListed: true, courtListings: [{ ref: LISTING }] });

    const removed = await ask(A, regulator, /* GraphQL */ `mutation($ref: ID!, $on: String!) { removeFromCourtList(ref: $ref, performedAt: $on) { ref status removedAt } }`, { ref: LISTING, on: today });
    expect(removed.errors).toBeUndefined();
    expect(removed.data.removeFromCourtList).toEqual({ ref: LISTING, status: 'REMOVED', removedAt: today });

    // the very next requests through B, well within B's index refresh interval (60 s)
    const shown = await ask(B, regulator, LISTINGS);
    expect(shown.data.person.sanctions).toEqual({ courtListed: false, courtListings: [] });
    const screened = await ask(B, regulator, SCREEN, { s: [{ name: '李梅', creditCode: 李梅 }] });
    expect(screened.errors).toBeUndefined();
    expect(screened.data.screen[0].hits).toEqual([]);

    const asked = { client: REGULATOR, clientKind: 'REGULATOR', purpose: 'SUPERVISION', subjects: [李梅] };
    // the change, recorded before it was made, and the answer that showed the entry
    expect(await recordsOf(removed.extensions.requestId)).toEqual([
      { ...asked, requestId: removed.extensions.requestId, subgraph: 'sanctions', consents: [null], consentStates: [null], classes: ['COURT_LIST'], denied: [] },
      { ...asked, requestId: removed.extensions.requestId, subgraph: 'sanctions', consents: [null], consentStates: [null], classes: ['COURT_LIST'], denied: [], action: 'removeFromCourtList', target: LISTING },
    ]);
    // the screening's records: the person its hit named, and the call's own, which names no one
    const screening = await recordsOf(screenedBefore.extensions.requestId);
    expect(screening.filter((r) => r.subjects.length > 0)).toEqual([
      { ...asked, requestId: screenedBefore.extensions.requestId, subgraph: 'sanctions', consents: [null], consentStates: [null], classes: ['COURT_LIST'], denied: [] },
    ]);
    expect(screening.filter((r) => r.subjects.length === 0)).toEqual([
      { ...asked, subjects: [], requestId: screenedBefore.extensions.requestId, subgraph: 'sanctions', consents: [], consentStates: [], classes: [], denied: [], screened: 1 },
    ]);
    // the subject reads, through either hub, the records both hubs wrote
    const own = await ask(A, self, /* GraphQL */ `{ person(creditCode: "${李梅}") { queryRecords(limit: 500) { requestId } } }`);
    const seen = new Set(own.data.person.queryRecords.map((r: { requestId: string }) => r.requestId));
    for (const id of [removed.extensions.requestId, screenedBefore.extensions.requestId]) expect(seen.has(id), id).toBe(true);
  });
});
