/**
 * SIGTERM drains (issue 12, item 7), with real processes on a FerretDB of the test's own: a request
 * is held in flight at the persons subgraph (the store paused under it), the gateway and that
 * subgraph get SIGTERM, and then: new connections to either are refused at once; once the store
 * answers again the request in flight completes, with its data; its audit record is written; and
 * both processes exit with code 0 within HUB_SHUTDOWN_DEADLINE_MS. Needs the FerretDB binary
 * (.ci/run builds it); skipped, visibly, without.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEXES } from '../../subgraphs/collections.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import { seed } from '../fixtures/seed/cli.ts';
import { FERRETDB_BIN, HAVE_FERRETDB, startFerretDB, type FerretDB } from '../support/mongo.ts';
import { startProcessHub, type HubProcess, type ProcessHub } from '../support/processes.ts';
import { startTestIssuer, type TestIssuer } from '../support/testIssuer.ts';

const DEADLINE_MS = 6000;
/** what a loaded 2-CPU machine may add before a process has exited */
const SLACK_MS = 4000;
const REGULATOR = 'regulator-jiangsu-credit';
const QUERY = /* GraphQL */ `{ person(creditCode: "320203199507082021") { name } }`;
const why = HAVE_FERRETDB ? '' : ` [skipped: needs ${FERRETDB_BIN}; build it with: source .ci/ferretdb.sh && ferretdb_build]`;

/** Whether a new TCP connection to the port is refused. */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });

describe.skipIf(!HAVE_FERRETDB)(`SIGTERM with a request in flight${why}`, () => {
  let dir: string;
  let ferret: FerretDB;
  let issuer: TestIssuer;
  let hub: ProcessHub;
  let uri: string;

  const ask = async () => {
    const res = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.mint(REGULATOR)}` },
      body: JSON.stringify({ query: QUERY }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'credithub-shutdown-'));
    ferret = await startFerretDB(join(dir, 'state'));
    uri = ferret.uri('credithub_shutdown');
    await seed({ uri, scale: { persons: 20, enterprises: 4, merchants: 4, couriers: 4, listEntries: 4 } });
    issuer = await startTestIssuer();
    // a store call may take long enough for the pause below; the drain has its own deadline
    hub = await startProcessHub({ mongodbUri: uri, issuer: issuer.url, env: { HUB_STORE_TIMEOUT_MS: '20000', HUB_SHUTDOWN_DEADLINE_MS: String(DEADLINE_MS) } });
  }, 180_000);
  afterAll(async () => {
    if (ferret?.pid) process.kill(ferret.pid, 'SIGCONT');
    await hub?.stop();
    await issuer?.close();
    await ferret?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('finishes the request in flight, refuses new connections, writes the audit record and exits within the deadline', async () => {
    // a full answer first: the asker's registry entry is cached for 2 s in each process, so that
    // only the read of the person's file waits for the store below
    const warm = await ask();
    expect(warm.status).toBe(200);
    expect(warm.body.data.person.name).toBe('陈静');

    const gateway = hub.processes.gateway;
    const persons = hub.processes.persons;
    const exitOf = (p: HubProcess) => p.exited.then((code) => ({ code, at: performance.now() }));
    const storePid = ferret.pid!;
    process.kill(storePid, 'SIGSTOP');
    let inFlight: Promise<{ status: number; body: any }>;
    let termAt: number;
    let gatewayExit: Promise<{ code: number | null; at: number }>;
    let personsExit: Promise<{ code: number | null; at: number }>;
    try {
      inFlight = ask();
      // time for the request to reach the persons subgraph and wait there for the store (were it
      // not there yet, it would be refused, and the assertions on its answer below would fail)
      await new Promise((r) => setTimeout(r, 800));
      gatewayExit = exitOf(gateway);
      personsExit = exitOf(persons);
      termAt = performance.now();
      gateway.child.kill('SIGTERM');
      persons.child.kill('SIGTERM');
      // new connections are refused while the request in flight is still being answered
      const closedBy = Date.now() + 3000;
      while (!((await refused(gateway.port)) && (await refused(persons.port))) && Date.now() < closedBy) await new Promise((r) => setTimeout(r, 50));
      expect(await refused(gateway.port)).toBe(true);
      expect(await refused(persons.port)).toBe(true);
      expect(gateway.child.exitCode).toBeNull();
      expect(persons.child.exitCode).toBeNull();
    } finally {
      process.kill(storePid, 'SIGCONT');
    }

    const answer = await inFlight!;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.person.name).toBe('陈静');

    for (const exit of [await gatewayExit!, await personsExit!]) {
      expect(exit.code).toBe(0);
      expect(exit.at - termAt!).toBeLessThan(DEADLINE_MS + SLACK_MS);
    }

    // the audit record of the request that finished during the drain is in the store
    const store = await openStore({ mongodbUri: uri, indexes: INDEXES });
    try {
      const records = await store.collection('queryRecords').find({ requestId: answer.body.extensions.requestId });
      expect(records.map((r) => r.subgraph)).toContain('persons');
    } finally {
      await store.close();
    }
  }, 60_000);
});
