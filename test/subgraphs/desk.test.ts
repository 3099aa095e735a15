/**
 * Tier 1, the persons subgraph in-process: the regulator's desk (issue 13, item 3) and its audit
 * search (item 4). Each queue is paginated and filtered, the open objections come overdue first,
 * a rejected repair request is shown to its subject with the reason and blocks no new one, and
 * the audit search answers one entry per subject and request. Everyone but a regulator acting
 * under SUPERVISION is refused, and told who may ask.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { PersonDoc } from '../../subgraphs/persons/documents.ts';
import type { ObjectionDoc, RepairRequestDoc } from '../../subgraphs/shared/facts/documents.ts';
import type { QueryRecordDoc } from '../../subgraphs/shared/platform/audit.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { seededEmbeddedStore, TODAY } from '../support/hub.ts';
import { inProcess, viewers } from '../support/subgraph.ts';

const 周强 = '320982198610092710';
const 刘洋 = '320583199001011531';
const 刘洋_VIOLATION = 'EV-2026-0042';

/** Persons of the desk's own, apart from the showcase: their filings are planted below. */
const A = makeCitizenId('320507', '1981-02-03', 11);
const B = makeCitizenId('320507', '1982-03-04', 13);

let store: Store;
let persons: Awaited<ReturnType<typeof inProcess>>;

const objection = (ref: string, subject: string, filedAt: string, dueAt: string, status: ObjectionDoc['status'] = 'UNDER_REVIEW'): ObjectionDoc => ({
  _id: ref,
  ref,
  factRef: `F-${ref}`,
  subject,
  filedAt,
  dueAt,
  reason: '信息有误',
  status,
});
const repair = (ref: string, subject: string, requestedAt: string, status: RepairRequestDoc['status'] = 'PENDING'): RepairRequestDoc => ({
  _id: ref,
  ref,
  factRef: `F-${ref}`,
  subject,
  requestedAt,
  statement: '已整改',
  status,
});

beforeAll(async () => {
  // no synthetic list entries: their objections would join the queue
  store = await seededEmbeddedStore({ persons: 20, enterprises: 5, merchants: 5, couriers: 5, listEntries: 0 });
  const file = (code: string, name: string): PersonDoc => ({ _id: code, creditCode: code, name, gender: 'MALE', birthDate: '1981-02-03', phone: '13800000000', address: '测试路1号', occupations: [] });
  await store.collection('persons').insertMany([file(A, '甲某'), file(B, '乙某')]);
  // the showcase's one open objection, OBJ-2026-0193, is due 2026-12-10; these surround it
  await store.collection('objections').insertMany([
    objection('OBJ-T-1', A, '2026-10-01', '2026-10-21'),
    objection('OBJ-T-2', B, '2026-10-20', '2026-11-09'),
    objection('OBJ-T-3', A, '2026-11-06', '2026-11-26'),
    objection('OBJ-T-4', B, '2026-11-27', '2026-12-17'),
    objection('OBJ-T-5', A, '2026-09-01', '2026-09-21', 'CONFIRMED'),
  ]);
  await store.collection('repairRequests').insertMany([
    repair('REP-T-1', A, '2026-11-01'),
    repair('REP-T-2', B, '2026-11-10'),
    repair('REP-T-3', A, '2026-11-20'),
    repair('REP-T-4', B, '2026-10-01', 'APPROVED'),
  ]);
  persons = await inProcess(SUBGRAPHS.persons, store);
}, 60_000);
afterAll(() => persons?.stop());

const run = (viewer: Parameters<typeof persons.run>[0], query: string, variables?: Record<string, unknown>) => persons.run(viewer, query, variables);

function ok<T = any>(res: { data?: any; errors?: any[] }): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const OPEN = /* GraphQL */ `
  query ($f: OpenObjectionsFilter, $o: Int, $l: Int) {
    openObjections(filter: $f, offset: $o, limit: $l) { total overdue offset nextOffset items { ref dueAt status overdue subject { creditCode } } }
  }
`;
const PENDING = /* GraphQL */ `
  query ($f: PendingRepairsFilter, $o: Int, $l: Int) {
    pendingRepairs(filter: $f, offset: $o, limit: $l) { total offset nextOffset items { ref requestedAt status subject { creditCode } } }
  }
`;
const SEARCH = /* GraphQL */ `
  query ($f: AuditRecordsFilter, $o: Int, $l: Int) {
    auditRecords(filter: $f, offset: $o, limit: $l) {
      total subjects requests offset nextOffset
      items { at requestId client clientKind purpose consent classes denied action target subjectCode subject { name } }
    }
  }
`;

describe('open objections', () => {
  it('lists every objection under review by due date, the overdue ones first, with how many are overdue', async () => {
    const page = ok(await run(viewers.regulator, OPEN)).openObjections;
    expect(page.items.map((o: any) => [o.ref, o.dueAt, o.overdue])).toEqual([
      ['OBJ-T-1', '2026-10-21', true],
      ['OBJ-T-2', '2026-11-09', true],
      ['OBJ-T-3', '2026-11-26', true],
      ['OBJ-2026-0193', '2026-12-10', false],
      ['OBJ-T-4', '2026-12-17', false],
    ]);
    expect(page).toMatchObject({ total: 5, overdue: 3, offset: 0, nextOffset: null });
    expect(page.items[0].subject).toEqual({ creditCode: A });
    expect(page.items.every((o: any) => o.status === 'UNDER_REVIEW')).toBe(true);
  });

  it('pages through them: the counts stay, the next offset leads on, the last page says so', async () => {
    const first = ok(await run(viewers.regulator, OPEN, { l: 2 })).openObjections;
    expect(first).toMatchObject({ total: 5, overdue: 3, offset: 0, nextOffset: 2 });
    const second = ok(await run(viewers.regulator, OPEN, { o: 2, l: 2 })).openObjections;
    const third = ok(await run(viewers.regulator, OPEN, { o: 4, l: 2 })).openObjections;
    expect(third).toMatchObject({ total: 5, offset: 4, nextOffset: null });
    expect([...first.items, ...second.items, ...third.items].map((o: any) => o.ref)).toEqual(['OBJ-T-1', 'OBJ-T-2', 'OBJ-T-3', 'OBJ-2026-0193', 'OBJ-T-4']);
    expect(ok(await run(viewers.regulator, OPEN, { o: 10 })).openObjections).toMatchObject({ total: 5, items: [], nextOffset: null });
  });

  it('filters by overdue, due date, subject and fact', async () => {
    const refs = async (f: Record<string, unknown>) => ok(await run(viewers.regulator, OPEN, { f })).openObjections.items.map((o: any) => o.ref);
    expect(await refs({ overdueOnly: true })).toEqual(['OBJ-T-1', 'OBJ-T-2', 'OBJ-T-3']);
    expect(await refs({ dueBy: '2026-11-09' })).toEqual(['OBJ-T-1', 'OBJ-T-2']);
    expect(await refs({ subject: A })).toEqual(['OBJ-T-1', 'OBJ-T-3']);
    expect(await refs({ subject: B, overdueOnly: true })).toEqual(['OBJ-T-2']);
    expect(await refs({ factRef: 'F-OBJ-T-4' })).toEqual(['OBJ-T-4']);
    expect(await refs({ subject: 周强 })).toEqual(['OBJ-2026-0193']);
    const counted = ok(await run(viewers.regulator, OPEN, { f: { subject: A } })).openObjections;
    expect(counted).toMatchObject({ total: 2, overdue: 2 });
  });

  it('keeps overdueObjections as it was: the overdue ones, oldest due first', async () => {
    const res = ok(await run(viewers.regulator, '{ overdueObjections { ref } }'));
    expect(res.overdueObjections.map((o: any) => o.ref)).toEqual(['OBJ-T-1', 'OBJ-T-2', 'OBJ-T-3']);
  });

  it('refuses a page or a filter it cannot answer, saying what to fix', async () => {
    const refused = async (variables: Record<string, unknown>) => {
      const res = await run(viewers.regulator, OPEN, variables);
      expect(res.data?.openObjections ?? null).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      return res.errors![0].message as string;
    };
    expect(await refused({ l: 0 })).toMatch(/limit must be from 1 to 500/);
    expect(await refused({ l: 501 })).toMatch(/limit must be from 1 to 500/);
    expect(await refused({ o: -1 })).toMatch(/offset must be from 0/);
    expect(await refused({ f: { dueBy: '2026-13-01' } })).toMatch(/filter.dueBy .* is not a date/);
    expect(await refused({ f: { subject: '320106197805123518' } })).toMatch(/check digit should be 9/);
  });
});

describe('pending repair requests', () => {
  it('lists the requests waiting for a decision, the longest waiting first, filtered and paged', async () => {
    const all = ok(await run(viewers.regulator, PENDING)).pendingRepairs;
    expect(all.items.map((r: any) => r.ref)).toEqual(['REP-T-1', 'REP-T-2', 'REP-T-3']);
    expect(all).toMatchObject({ total: 3, offset: 0, nextOffset: null });
    expect(all.items.every((r: any) => r.status === 'PENDING')).toBe(true);

    const page = ok(await run(viewers.regulator, PENDING, { o: 1, l: 1 })).pendingRepairs;
    expect(page).toMatchObject({ total: 3, offset: 1, nextOffset: 2, items: [{ ref: 'REP-T-2' }] });
    const refs = async (f: Record<string, unknown>) => ok(await run(viewers.regulator, PENDING, { f })).pendingRepairs.items.map((r: any) => r.ref);
    expect(await refs({ subject: A })).toEqual(['REP-T-1', 'REP-T-3']);
    expect(await refs({ requestedFrom: '2026-11-05', requestedTo: '2026-11-15' })).toEqual(['REP-T-2']);
    expect(await refs({ factRef: 'F-REP-T-3' })).toEqual(['REP-T-3']);
    const backwards = await run(viewers.regulator, PENDING, { f: { requestedFrom: '2026-11-20', requestedTo: '2026-11-01' } });
    expect(backwards.errors![0]).toMatchObject({ message: expect.stringMatching(/requestedFrom .* is after filter.requestedTo/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('rejectRepair', () => {
  const REQUEST = `mutation($f: ID!, $s: String!) { requestRepair(factRef: $f, statement: $s) { ref status } }`;
  const REJECT = `mutation($ref: ID!, $r: String!) { rejectRepair(ref: $ref, reason: $r) { ref status decidedAt rejectionReason } }`;
  const OWN = `query($c: ID!) { person(creditCode: $c) { repairRequests { ref factRef status decidedAt rejectionReason } } }`;

  it('rejects a pending request with the reason, which the subject reads in their own file; the fact stays; a new request is taken', async () => {
    const first = ok(await run(viewers.self(刘洋), REQUEST, { f: 刘洋_VIOLATION, s: '已整改' })).requestRepair;
    expect(ok(await run(viewers.regulator, PENDING, { f: { subject: 刘洋 } })).pendingRepairs.items.map((r: any) => r.ref)).toEqual([first.ref]);

    const reason = '未提交整改完成的证明材料';
    const rejected = ok(await run(viewers.regulator, REJECT, { ref: first.ref, r: reason })).rejectRepair;
    expect(rejected).toEqual({ ref: first.ref, status: 'REJECTED', decidedAt: TODAY, rejectionReason: reason });

    const own = ok(await run(viewers.self(刘洋), OWN, { c: 刘洋 })).person.repairRequests;
    expect(own).toContainEqual({ ref: first.ref, factRef: 刘洋_VIOLATION, status: 'REJECTED', decidedAt: TODAY, rejectionReason: reason });
    expect(ok(await run(viewers.regulator, PENDING, { f: { subject: 刘洋 } })).pendingRepairs).toMatchObject({ total: 0, items: [] });

    // the record of the rejection, written before it: who, under which purpose, on which request
    const records = await store.collection('queryRecords').find({ action: 'rejectRepair', target: first.ref });
    expect(records).toEqual([expect.objectContaining({ subjects: [刘洋], client: 'regulator-jiangsu-credit', purpose: 'SUPERVISION', classes: ['RECORDS'] })]);

    // a rejected request blocks nothing: the subject applies again, and may be answered again
    const second = ok(await run(viewers.self(刘洋), REQUEST, { f: 刘洋_VIOLATION, s: '补充整改证明' })).requestRepair;
    expect(second).toMatchObject({ status: 'PENDING' });
    expect(second.ref).not.toBe(first.ref);

    // a decided request is decided: neither rejected nor approved again
    const again = await run(viewers.regulator, REJECT, { ref: first.ref, r: '重复' });
    expect(again.errors![0]).toMatchObject({ message: expect.stringMatching(/already rejected .* only a pending request can be rejected/), extensions: { code: 'BAD_USER_INPUT' } });
    const approve = await run(viewers.regulator, `mutation($ref: ID!) { approveRepair(ref: $ref) { ref } }`, { ref: first.ref });
    expect(approve.errors![0].message).toMatch(/already rejected .* only a pending request can be approved/);
  });

  it('is for a regulator only, with a reason of 1 to 500 characters, about a request that exists', async () => {
    for (const viewer of [viewers.bank, viewers.developer, viewers.self(A)]) {
      const res = await run(viewer, REJECT, { ref: 'REP-T-1', r: '不予修复' });
      expect(res.errors![0]).toMatchObject({ message: expect.stringMatching(/^rejectRepair is for a regulator acting under SUPERVISION only/), extensions: { code: 'FORBIDDEN', action: 'rejectRepair' } });
    }
    expect((await run(viewers.regulator, REJECT, { ref: 'REP-T-1', r: '长'.repeat(501) })).errors![0].message).toMatch(/1 to 500 characters/);
    expect((await run(viewers.regulator, REJECT, { ref: 'REP-T-1', r: '  ' })).errors![0].message).toMatch(/1 to 500 characters/);
    expect((await run(viewers.regulator, REJECT, { ref: 'REP-NONE', r: '不予修复' })).errors![0].message).toMatch(/There is no repair request "REP-NONE"/);
    expect((await store.collection('repairRequests').findOne({ _id: 'REP-T-1' }))!.status).toBe('PENDING');
  });
});

describe('audit search', () => {
  const CLIENT = 'bank-audit-probe';
  const OTHER = 'employer-audit-probe';
  const record = (id: string, at: string, requestId: string, over: Partial<QueryRecordDoc>): QueryRecordDoc => ({
    _id: id,
    at,
    requestId,
    subgraph: 'persons',
    client: CLIENT,
    clientKind: 'BANK',
    purpose: 'LOAN_UNDERWRITING',
    subjects: [A],
    consents: [null],
    classes: ['IDENTITY'],
    denied: [],
    ...over,
  });

  beforeAll(async () => {
    await store.collection('queryRecords').insertMany([
      // one request answered by two subgraphs about A and B: one entry per subject
      record('r1', '2026-11-20T02:00:00.000Z', 'req-1', { subjects: [A, B], consents: ['c-A', null], classes: ['IDENTITY'] }),
      record('r2', '2026-11-20T02:00:00.050Z', 'req-1', { subgraph: 'sanctions', subjects: [A], consents: [null], classes: ['COURT_LIST'], denied: ['SanctionEntry.basis'] }),
      // 16:30 UTC on the 25th is 00:30 on the 26th in Beijing: a day of the 26th
      record('r3', '2026-11-25T16:30:00.000Z', 'req-2', { subjects: [B], consents: [null] }),
      record('r4', '2026-11-21T03:00:00.000Z', 'req-3', { client: OTHER, clientKind: 'EMPLOYER', purpose: 'EMPLOYMENT_SCREENING', subjects: [A], classes: ['OCCUPATION'] }),
      // a batch of 30 subjects in one record
      record('r5', '2026-11-22T03:00:00.000Z', 'req-4', {
        subjects: Array.from({ length: 30 }, (_, i) => makeCitizenId('320508', '1990-01-01', 2 * i + 1)),
        consents: Array.from({ length: 30 }, () => null),
      }),
    ]);
  });

  it('finds the records of a client, one entry per subject and request, the parts of a request merged, newest first, with counts', async () => {
    const page = ok(await run(viewers.regulator, SEARCH, { f: { client: CLIENT }, l: 500 })).auditRecords;
    expect(page).toMatchObject({ total: 33, subjects: 32, requests: 3, offset: 0, nextOffset: null });
    expect(page.items[0]).toMatchObject({ requestId: 'req-2', subjectCode: B, client: CLIENT, clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' });
    const merged = page.items.find((e: any) => e.requestId === 'req-1' && e.subjectCode === A);
    expect(merged).toMatchObject({ at: '2026-11-20T02:00:00.000Z', consent: 'c-A', classes: ['COURT_LIST', 'IDENTITY'], denied: ['SanctionEntry.basis'] });
    expect(page.items.filter((e: any) => e.requestId === 'req-1').map((e: any) => e.subjectCode).sort()).toEqual([A, B].sort());
    expect(page.items.filter((e: any) => e.requestId === 'req-4')).toHaveLength(30);
    const times = page.items.map((e: any) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('pages through the entries with the same counts on every page', async () => {
    const pages: any[] = [];
    for (let o = 0; o !== null; ) {
      const p = ok(await run(viewers.regulator, SEARCH, { f: { client: CLIENT }, o, l: 10 })).auditRecords;
      expect(p).toMatchObject({ total: 33, subjects: 32, requests: 3, offset: o });
      pages.push(...p.items);
      o = p.nextOffset;
    }
    expect(pages).toHaveLength(33);
    expect(new Set(pages.map((e) => `${e.requestId}|${e.subjectCode}`)).size).toBe(33);
  });

  it('filters by subject, purpose and period (days in China Standard Time), each alone and together', async () => {
    const keys = async (f: Record<string, unknown>) =>
      ok(await run(viewers.regulator, SEARCH, { f, l: 500 })).auditRecords.items.filter((e: any) => [CLIENT, OTHER].includes(e.client)).map((e: any) => e.requestId);
    expect(await keys({ subject: B })).toEqual(['req-2', 'req-1']);
    expect(await keys({ subject: A, purpose: 'EMPLOYMENT_SCREENING' })).toEqual(['req-3']);
    expect(await keys({ client: CLIENT, from: '2026-11-26', to: '2026-11-26' })).toEqual(['req-2']);
    expect(await keys({ client: CLIENT, from: '2026-11-25', to: '2026-11-25' })).toEqual([]);
    expect(await keys({ client: OTHER, from: '2026-11-21' })).toEqual(['req-3']);
    const one = ok(await run(viewers.regulator, SEARCH, { f: { subject: A, client: CLIENT } })).auditRecords;
    expect(one).toMatchObject({ total: 1, subjects: 1, requests: 1 });
  });

  it('writes the regulator\'s reading to the record of each subject it showed, and of no other', async () => {
    const readings = (subject: string) => store.collection('queryRecords').count({ client: 'regulator-jiangsu-credit', subjects: subject, classes: 'RECORDS' });
    const [beforeA, beforeB] = [await readings(A), await readings(B)];
    expect(ok(await run(viewers.regulator, SEARCH, { f: { client: OTHER } })).auditRecords.items.map((e: any) => e.subjectCode)).toEqual([A]);
    expect(await readings(A)).toBe(beforeA + 1);
    expect(await readings(B)).toBe(beforeB);
  });

  it('refuses a filter it cannot answer, and a search of more than 10,000 stored records, saying how to narrow it', async () => {
    const refused = async (f: Record<string, unknown>) => {
      const res = await run(viewers.regulator, SEARCH, { f });
      expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      return res.errors![0].message as string;
    };
    expect(await refused({ purpose: 'MARKETING' })).toMatch(/not a purpose: use LOAN_UNDERWRITING/);
    expect(await refused({ from: '2026-11-30', to: '2026-11-01' })).toMatch(/filter.from \(2026-11-30\) is after filter.to/);
    expect(await refused({ subject: '32010619780512351' })).toMatch(/18 characters/);
    expect(await refused({ client: '' })).toMatch(/filter.client must be a client id/);

    const flood = Array.from({ length: 10_001 }, (_, i) => record(`flood-${i}`, '2026-11-23T03:00:00.000Z', `flood-${i}`, { client: 'flood-client' }));
    await store.collection('queryRecords').insertMany(flood);
    expect(await refused({ client: 'flood-client' })).toMatch(/10001 stored records match this search; at most 10000 .* narrow it by period/);
  });
});

describe('the desk is the regulator\'s alone', () => {
  const ROOTS = [
    ['openObjections', '{ openObjections { total } }'],
    ['pendingRepairs', '{ pendingRepairs { total } }'],
    ['auditRecords', '{ auditRecords(filter: { client: "bank-jinling" }) { total } }'],
    ['overdueObjections', '{ overdueObjections { ref } }'],
  ] as const;

  it.each(ROOTS)('%s refuses every other asker with FORBIDDEN naming who may ask', async (name, query) => {
    for (const viewer of [viewers.bank, viewers.employer, viewers.platform, viewers.developer, viewers.self(A)]) {
      const res = await run(viewer, query);
      expect(res.data?.[name] ?? null).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({
        message: `${name} is for a regulator acting under SUPERVISION only.`,
        extensions: { code: 'FORBIDDEN', action: name, reason: 'ROLE' },
      });
    }
    // a regulator's client under another purpose is refused too: the role is the purpose's
    const res = await run({ ...viewers.regulator, purpose: 'PUBLIC' }, query);
    expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(ok(await run(viewers.regulator, query))[name]).not.toBeNull();
  });
});
