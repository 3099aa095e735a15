/**
 * The regulator's desk through the whole hub (issue 13, items 3, 4 and 7): its queues and the
 * audit search answer the regulator alone, page by page; everyone else is refused the same way
 * whatever they ask about. The audit search finds a real request as one entry per subject, the
 * parts each subgraph recorded merged. A rejected repair reaches its subject with the reason; a
 * CORRECTED answer changes what every asker who may see the fact reads; a repeated consent says
 * what it did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { startTestHub, TODAY, type GraphQLBody, type TestHub } from '../support/hub.ts';

const REGULATOR = 'regulator-jiangsu-credit';
const BANK = 'bank-jinling';
const PLATFORM = 'platform-yunji';
const DEVELOPER = 'developer-sandbox';
const 张伟 = '320502198203174715';
const 刘洋 = '320583199001011531';
const 周强 = '320982198610092710';
const 王建国 = '320106197805123519';
const 李梅 = '320102198509231629';
const 刘洋_BLACKLISTING = '云集黑〔2026〕0042号';
const 刘洋_VIOLATION = 'EV-2026-0042';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

function data<T = any>(res: GraphQLBody<T>): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

/** The answer with the request id left out and the codes asked about replaced. */
function normalised(res: GraphQLBody<unknown>, codes: string[]): string {
  const { requestId: _r, ...ext } = res.extensions ?? {};
  let text = JSON.stringify({ status: res.status, data: res.data, errors: res.errors, extensions: ext });
  for (const c of codes) text = text.split(c).join('<ID>');
  return text;
}

describe('the desk answers the regulator alone', () => {
  const OTHERS = [...showcase.clients.map((c) => c.id).filter((id) => id !== REGULATOR), 张伟, 李梅];
  const QUESTIONS: [string, string, (code: string) => Record<string, unknown>][] = [
    ['openObjections', 'query($c: ID) { openObjections(filter: { subject: $c }) { total overdue items { ref reason subject { name } } } }', (c) => ({ c })],
    ['pendingRepairs', 'query($c: ID) { pendingRepairs(filter: { subject: $c }) { total items { ref statement } } }', (c) => ({ c })],
    ['auditRecords', 'query($c: ID) { auditRecords(filter: { subject: $c }) { total subjects requests items { client purpose subjectCode } } }', (c) => ({ c })],
    ['overdueObjections', '{ overdueObjections { ref } }', () => ({})],
    ['rejectRepair', 'mutation($r: ID!) { rejectRepair(ref: $r, reason: "不予修复") { ref status } }', (c) => ({ r: c === 周强 ? 'REP-2025-0001' : 'REP-NONE' })],
  ];

  it.each(QUESTIONS)('%s: FORBIDDEN naming who may ask, the same whether the subject asked about has filings and records or none', async (name, query, vars) => {
    for (const asker of OTHERS) {
      // 周强 has an open objection and query records; 王建国 no objection
      const [a, b] = await Promise.all([周强, 王建国].map((c) => t.query(asker, query, vars(c))));
      expect(a!.data?.[name] ?? null, `${asker}: ${name}`).toBeNull();
      expect(a!.errors, asker).toEqual([expect.objectContaining({ message: `${name} is for a regulator acting under SUPERVISION only.`, extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      expect(normalised(a!, [周强, 'REP-2025-0001']), `${asker}: ${name}`).toBe(normalised(b!, [王建国, 'REP-NONE']));
    }
    if (name !== 'rejectRepair') expect(data(await t.query(REGULATOR, query, vars(周强)))[name]).not.toBeNull();
  });
});

describe('the audit search through the hub', () => {
  it("finds a bank's request about 张伟 as one entry, the parts the subgraphs recorded merged, and pages through a client's records", async () => {
    const asked = await t.query(BANK, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { name phone financialDefaults { ref } sanctions { courtListed } merchants { id } } }`, { c: 张伟 });
    expect(asked.errors?.map((e) => e.extensions?.field)).toEqual(['Person.phone']);
    const requestId = asked.extensions!.requestId as string;
    const stored = await t.store.collection('queryRecords').find({ requestId });
    expect(new Set(stored.map((r) => r.subgraph)).size, 'the request was recorded by more than one subgraph').toBeGreaterThan(1);

    const SEARCH = /* GraphQL */ `query($f: AuditRecordsFilter, $o: Int, $l: Int) { auditRecords(filter: $f, offset: $o, limit: $l) { total subjects requests offset nextOffset items { requestId client purpose consent classes denied subjectCode subject { name } } } }`;
    const found = data(await t.query(REGULATOR, SEARCH, { f: { client: BANK, subject: 张伟, from: TODAY, to: TODAY } })).auditRecords;
    const entries = found.items.filter((e: any) => e.requestId === requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ client: BANK, purpose: 'LOAN_UNDERWRITING', subjectCode: 张伟, subject: { name: '张伟' }, consent: `${张伟}:${BANK}:LOAN_UNDERWRITING:2026-10-15` });
    const classes = [...new Set(stored.flatMap((r) => r.classes))].sort();
    expect(entries[0].classes).toEqual(classes);
    expect(entries[0].denied).toContain('Person.phone');

    // a client's records, page by page: the same counts on every page, every entry once
    // the bank holds 王建国's consent, not 李梅's nor 刘洋's: each is recorded all the same
    for (const c of [王建国, 李梅, 刘洋]) expect((await t.query(BANK, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { creditScore } }`, { c })).status).toBe(200);
    const seen = new Set<string>();
    let first: any;
    for (let o: number | null = 0; o !== null; ) {
      const page: any = data(await t.query(REGULATOR, SEARCH, { f: { client: BANK, from: TODAY }, o, l: 2 })).auditRecords;
      first ??= page;
      expect(page).toMatchObject({ total: first.total, subjects: first.subjects, requests: first.requests, offset: o });
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const e of page.items) seen.add(`${e.requestId}|${e.subjectCode}`);
      o = page.nextOffset;
    }
    expect(first.total).toBeGreaterThanOrEqual(4);
    expect(seen.size).toBe(first.total);
  });
});

describe('the queues, a rejection and a correction, end to end', () => {
  it("pages the open objections overdue-first, rejects 刘洋's repair request with a reason he reads, and takes his next one", async () => {
    const filed = data(await t.query(刘洋, /* GraphQL */ `mutation($f: ID!) { fileObjection(factRef: $f, reason: "非本人操作") { ref } }`, { f: 刘洋_BLACKLISTING })).fileObjection.ref;
    const OPEN = /* GraphQL */ `query($o: Int) { openObjections(offset: $o, limit: 1) { total overdue offset nextOffset items { ref dueAt overdue } } }`;
    const refs: string[] = [];
    for (let o: number | null = 0; o !== null; ) {
      const page: any = data(await t.query(REGULATOR, OPEN, { o })).openObjections;
      refs.push(...page.items.map((i: any) => i.ref));
      o = page.nextOffset;
    }
    expect(refs).toContain('OBJ-2026-0193');
    expect(refs).toContain(filed);
    expect(refs.indexOf('OBJ-2026-0193')).toBeLessThan(refs.indexOf(filed)); // due 2026-12-10, before 2026-12-17

    const requested = data(await t.query(刘洋, /* GraphQL */ `mutation($f: ID!) { requestRepair(factRef: $f, statement: "已整改") { ref } }`, { f: 刘洋_VIOLATION })).requestRepair.ref;
    const pending = data(await t.query(REGULATOR, /* GraphQL */ `{ pendingRepairs { total items { ref subject { name } } } }`)).pendingRepairs;
    expect(pending.items).toContainEqual({ ref: requested, subject: { name: '刘洋' } });

    data(await t.query(REGULATOR, /* GraphQL */ `mutation($r: ID!) { rejectRepair(ref: $r, reason: "整改证明不全") { status } }`, { r: requested }));
    const own = data(await t.query(刘洋, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { repairRequests { ref status rejectionReason } } }`, { c: 刘洋 })).person.repairRequests;
    expect(own).toContainEqual({ ref: requested, status: 'REJECTED', rejectionReason: '整改证明不全' });
    // the bank may not read 刘洋's filings: RECORDS are the subject's and the regulator's
    const bank = await t.query(BANK, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { repairRequests { rejectionReason } } }`, { c: 刘洋 });
    expect(bank.data.person.repairRequests).toBeNull();
    expect(JSON.stringify(bank)).not.toContain('整改证明不全');
    expect(data(await t.query(刘洋, /* GraphQL */ `mutation($f: ID!) { requestRepair(factRef: $f, statement: "补充材料") { status } }`, { f: 刘洋_VIOLATION })).requestRepair.status).toBe('PENDING');

    // the rejection is in the audit log, found by the subject's code
    const changes = data(await t.query(REGULATOR, /* GraphQL */ `query($c: ID) { auditRecords(filter: { subject: $c, purpose: "SUPERVISION" }, limit: 500) { items { action target } } }`, { c: 刘洋 })).auditRecords.items;
    expect(changes).toContainEqual({ action: 'rejectRepair', target: requested });
  });

  it("answers an objection CORRECTED: the platform 刘洋 consented to reads the corrected basis; the public never reads the listing at all", async () => {
    const filed = data(await t.query(REGULATOR, /* GraphQL */ `query($c: ID) { openObjections(filter: { subject: $c }) { items { ref factRef } } }`, { c: 刘洋 })).openObjections.items.find((o: any) => o.factRef === 刘洋_BLACKLISTING).ref;
    const answer = data(
      await t.query(REGULATOR, /* GraphQL */ `mutation($r: ID!) { resolveObjection(ref: $r, outcome: CORRECTED, reason: "依据更正", corrections: [{ field: "basis", value: "平台误判的促销刷单" }]) { status corrections { field previous value } } }`, { r: filed }),
    ).resolveObjection;
    expect(answer).toEqual({ status: 'CORRECTED', corrections: [{ field: 'basis', previous: expect.any(String), value: '平台误判的促销刷单' }] });

    const LISTING = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { sanctions { ecommerceBlacklist { ref basis dispute { status } corrections { field value correctedAt } } } } }`;
    for (const asker of [PLATFORM, REGULATOR, 刘洋]) {
      expect(data(await t.query(asker, LISTING, { c: 刘洋 })).person.sanctions.ecommerceBlacklist, asker).toEqual([
        { ref: 刘洋_BLACKLISTING, basis: '平台误判的促销刷单', dispute: { status: 'CORRECTED' }, corrections: [{ field: 'basis', value: '平台误判的促销刷单', correctedAt: TODAY }] },
      ]);
    }
    const dev = await t.query(DEVELOPER, LISTING, { c: 刘洋 });
    expect(dev.data.person.sanctions.ecommerceBlacklist).toBeNull();
    expect(JSON.stringify(dev)).not.toContain('平台误判');
  });

  it('says what a repeated grant of consent did', async () => {
    const GRANT = /* GraphQL */ `mutation($e: String!) { grantConsent(input: { client: "bank-jinling", purpose: "LOAN_UNDERWRITING", expiresAt: $e }) { id state effect replaces } }`;
    const first = data(await t.query(李梅, GRANT, { e: '2027-05-31' })).grantConsent;
    expect(first).toMatchObject({ state: 'VALID', effect: 'NEW', replaces: [] });
    const second = data(await t.query(李梅, GRANT, { e: '2027-08-31' })).grantConsent;
    expect(second).toMatchObject({ state: 'VALID', effect: 'EXTENDED', replaces: [first.id] });
    expect(second.id).not.toBe(first.id);
    const list = data(await t.query(李梅, /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { consents { id state replacedBy } } }`, { c: 李梅 })).person.consents;
    expect(list).toEqual(expect.arrayContaining([{ id: first.id, state: 'REPLACED', replacedBy: second.id }, { id: second.id, state: 'VALID', replacedBy: null }]));
  });
});
