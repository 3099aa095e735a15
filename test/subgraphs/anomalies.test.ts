/**
 * The anomaly report in the persons subgraph alone: the bounds that keep one report fast and small
 * (the records it may examine, the subjects they may name), each refused with what to narrow, and
 * the licences read from the registry as they stand when the report is asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persons } from '../../subgraphs/persons/index.ts';
import { MAX_SCANNED_RECORDS, MAX_SCANNED_SUBJECTS } from '../../subgraphs/persons/services/anomalies.ts';
import type { QueryRecordDoc } from '../../subgraphs/shared/platform/audit.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { ClientRegistry } from '../../subgraphs/shared/wire/registry.ts';
import { TODAY } from '../support/today.ts';
import { ask, dataOf, refusal, showcaseStore, start, viewers, type Running } from './harness.ts';

let store: Store;
let sub: Running;
beforeAll(async () => {
  store = await showcaseStore();
  sub = await start(persons, store);
});
afterAll(() => sub?.built.server.stop());

const REPORT = /* GraphQL */ `query($f: AnomalyFilter) { clientAnomalies(filter: $f) { total scanned items { client anomalies { kind count } } } }`;
const record = (i: number, client: string, subjects: string[], at = `${TODAY}T04:00:00.000Z`): QueryRecordDoc => ({
  _id: `bound-${client}-${i}`,
  at,
  requestId: `bound-${client}-${i}`,
  subgraph: 'persons',
  client,
  clientKind: 'BANK',
  purpose: 'LOAN_UNDERWRITING',
  subjects,
  consents: subjects.map(() => null),
  classes: [],
  denied: [],
});

describe('the licences as the registry holds them when the report is asked', () => {
  it('reports a request outside hours set after it was made, and none once they are lifted', async () => {
    await store.collection('queryRecords').insertMany([record(1, 'bank-late', ['320106197805123519'], `${TODAY}T14:00:00.000Z`)]);
    expect(dataOf(await ask(sub, viewers.regulator, REPORT, { f: { client: 'bank-late' } })).clientAnomalies.total).toBe(0);
    const registry = new ClientRegistry(store);
    await registry.add({ id: 'bank-late', name: '晚间银行', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'test');
    await registry.setLicence('bank-late', 'test', { hours: { from: '08:00', to: '18:00' } });
    expect(dataOf(await ask(sub, viewers.regulator, REPORT, { f: { client: 'bank-late' } })).clientAnomalies.items).toEqual([{ client: 'bank-late', anomalies: [{ kind: 'OUTSIDE_HOURS', count: 1 }] }]);
    await registry.setLicence('bank-late', 'test', { hours: null });
    expect(dataOf(await ask(sub, viewers.regulator, REPORT, { f: { client: 'bank-late' } })).clientAnomalies.total).toBe(0);
  });
});

describe('bounds', () => {
  it(`refuses a period whose records name more than ${MAX_SCANNED_SUBJECTS} subjects, saying what to narrow`, async () => {
    const many = Array.from({ length: MAX_SCANNED_SUBJECTS + 1 }, (_, i) => `32010${String(i).padStart(13, '0')}`);
    await store.collection('queryRecords').insertMany([record(1, 'bank-huge', many)]);
    const res = refusal(await ask(sub, viewers.regulator, REPORT, { f: {} }));
    expect(res).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/at most 500000: ask for a shorter period or one client/) });
    // one other client's report is not held back by it
    expect(dataOf(await ask(sub, viewers.regulator, REPORT, { f: { client: 'bank-late' } })).clientAnomalies.scanned).toBe(1);
    await store.collection('queryRecords').deleteMany({ client: 'bank-huge' });
  });

  it(`refuses a period of more than ${MAX_SCANNED_RECORDS} stored records before reading them`, async () => {
    const docs = Array.from({ length: MAX_SCANNED_RECORDS + 1 }, (_, i) => record(i, 'bank-flood', []));
    await store.collection('queryRecords').insertMany(docs);
    const res = refusal(await ask(sub, viewers.regulator, REPORT, { f: { from: TODAY, to: TODAY } }));
    expect(res).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ matched: expect.any(Number) }) });
    expect(res.message).toMatch(/one report examines at most 100000/);
    // a day without them is read
    expect(dataOf(await ask(sub, viewers.regulator, REPORT, { f: { from: '2026-11-20', to: '2026-11-25' } })).clientAnomalies.total).toBe(0);
  }, 60_000);
});
