/**
 * Publishing through the whole hub (issue 13, item 1): the listing authorities feed their lists.
 * A court publishes, corrects, revokes and ends a listing, and what the hub shows and screens
 * follows each step at once; each publication is idempotent by ref, validated, licensed, kept
 * with its provenance and audited; an authority reads its own receipts only, and a ref it may not
 * change answers exactly like one that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import type { SanctionEntryDoc } from '../../subgraphs/sanctions/documents.ts';
import { startTestHub, TODAY, type GraphQLBody, type TestHub } from '../support/hub.ts';

const COURT = 'court-nanjing-intermediate';
const TAX = 'tax-jiangsu-inspection';
const MARKET = 'market-nanjing';
const REGULATOR = 'regulator-jiangsu-credit';
const DEVELOPER = 'developer-sandbox';
const BANK = 'bank-jinling';

/** a Nanjing (Gulou) man nobody has listed */
const 钱多多 = makeCitizenId('320106', '1985-03-02', 123);
const 孙立 = makeCitizenId('320104', '1979-06-15', 211);
/** a Suzhou man: outside the Nanjing market regulator's region */
const 苏州人 = makeCitizenId('320505', '1990-02-02', 301);

const RECEIPT = /* GraphQL */ `ref outcome operation version publisher authority receivedAt sourceDocument reason list subjectCode subjectName status performedAt removedAt removalDue removedInTime`;
const PUBLISH = /* GraphQL */ `mutation($l: ListingInput!) { publishListing(listing: $l) { ${RECEIPT} } }`;
const CORRECT = /* GraphQL */ `mutation($l: ListingInput!, $why: String!) { correctListing(listing: $l, reason: $why) { ${RECEIPT} } }`;
const REVOKE = /* GraphQL */ `mutation($ref: ID!) { revokeListing(ref: $ref, reason: "判决撤销", sourceDocument: "(2026)苏01执复12号") { ${RECEIPT} } }`;
const END = /* GraphQL */ `mutation($ref: ID!, $on: String!) { endListing(ref: $ref, performedAt: $on, sourceDocument: "(2026)苏01执恢1号") { ${RECEIPT} } }`;
const SCREEN = /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { hits { ref status matchedName } } }`;
const ENTRY = /* GraphQL */ `query($ref: ID!) { sanctionEntry(ref: $ref) { ref subjectName authority basis status measures obligation listedAt displayUntil } }`;

function listing(ref: string, over: Record<string, unknown> = {}) {
  return {
    ref,
    list: 'DISHONEST_JUDGMENT_DEBTOR',
    subjectCode: 钱多多,
    subjectName: '钱多多',
    basis: '有履行能力而拒不履行生效法律文书确定义务',
    obligation: '偿还货款 86,000 元',
    severity: 'SERIOUS',
    listedAt: '2026-11-20',
    displayUntil: null,
    measures: ['HIGH_CONSUMPTION', 'AIR_TRAVEL'],
    sourceDocument: `${ref}决定书`,
    ...over,
  };
}

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  // a listing loaded before publishing existed, within the market regulator's document numbers
  // but about a subject outside its region: not its own
  const legacy: SanctionEntryDoc = {
    _id: '宁市监罚〔2025〕77号',
    ref: '宁市监罚〔2025〕77号',
    list: 'ADMINISTRATIVE_PENALTY',
    subject: 苏州人,
    subjectKind: 'PERSON',
    subjectName: '周某',
    authority: '苏州市市场监督管理局',
    basis: '虚假宣传',
    severity: 'GENERAL',
    decidedAt: '2026-10-01',
    status: 'ACTIVE',
    measures: [],
  };
  await t.store.collection('sanctionEntries').insertOne(legacy);
  // files of their own, so each reads their own listings
  for (const [code, name] of [[钱多多, '钱多多'], [孙立, '孙立']] as const) {
    await t.store.collection('persons').insertOne({ _id: code, creditCode: code, name, gender: 'MALE', birthDate: `${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}`, phone: '13800000000', address: '南京市鼓楼区', occupations: [] } as never);
  }
}, 60_000);
afterAll(() => t?.stop());

function data<T = any>(res: GraphQLBody<T>): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const screenFor = async (asker: string, name: string, creditCode?: string) =>
  data(await t.query(asker, SCREEN, { s: [{ name, ...(creditCode ? { creditCode } : {}) }] })).screen[0].hits as { ref: string; status: string; matchedName: string }[];

describe('a court publishes, corrects, revokes and ends a listing, and screening follows each step', () => {
  const REF = '(2026)苏01执888号';

  it('publishes: the listing shows and screens at once, with its provenance', async () => {
    // the index is built before the publication: what follows is applied to it, not rebuilt
    expect(await screenFor(REGULATOR, '钱多多')).toEqual([]);
    const receipt = data(await t.query(COURT, PUBLISH, { l: listing(REF) })).publishListing;
    expect(receipt).toMatchObject({ ref: REF, outcome: 'APPLIED', operation: 'PUBLISH', version: 1, publisher: COURT, authority: '南京市中级人民法院', sourceDocument: `${REF}决定书`, list: 'DISHONEST_JUDGMENT_DEBTOR', subjectCode: 钱多多, status: 'ACTIVE' });
    // received by the hub's clock, which the tests stop on TODAY
    expect(receipt.receivedAt).toMatch(/^2026-11-27T/);
    expect(data(await t.query(REGULATOR, ENTRY, { ref: REF })).sanctionEntry).toMatchObject({ subjectName: '钱多多', authority: '南京市中级人民法院', status: 'ACTIVE', listedAt: '2026-11-20', displayUntil: null });
    expect(await screenFor(REGULATOR, '钱多多', 钱多多)).toEqual([expect.objectContaining({ ref: REF, status: 'CONFIRMED' })]);
    // the court list is public: the developer screens it too, by name alone
    expect(await screenFor(DEVELOPER, '钱多多')).toEqual([expect.objectContaining({ ref: REF, status: 'POTENTIAL' })]);
  });

  it('is idempotent by ref: the same listing again is UNCHANGED with the same receipt; other content under the ref is refused', async () => {
    const again = data(await t.query(COURT, PUBLISH, { l: listing(REF) })).publishListing;
    const first = (await t.store.collection('publications').find({ ref: REF }))[0]!;
    expect(again).toMatchObject({ outcome: 'UNCHANGED', version: 1, receivedAt: first.receivedAt });
    expect(await t.store.collection('publications').count({ ref: REF })).toBe(1);
    const other = await t.query(COURT, PUBLISH, { l: listing(REF, { obligation: '偿还货款 90,000 元' }) });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CONFLICT' });
    expect(other.errors?.[0]?.message).toMatch(/CORRECT/);
  });

  it('corrects: the corrected name shows and screens, the old one no longer does', async () => {
    const receipt = data(await t.query(COURT, CORRECT, { l: listing(REF, { subjectName: '钱立群' }), why: '姓名录入错误' })).correctListing;
    expect(receipt).toMatchObject({ outcome: 'APPLIED', operation: 'CORRECT', version: 2, reason: '姓名录入错误', subjectName: '钱立群' });
    expect(data(await t.query(REGULATOR, ENTRY, { ref: REF })).sanctionEntry.subjectName).toBe('钱立群');
    expect(await screenFor(REGULATOR, '钱多多')).toEqual([]);
    expect(await screenFor(REGULATOR, '钱立群')).toEqual([expect.objectContaining({ ref: REF, matchedName: '钱立群' })]);
    // the same correction again changes nothing
    expect(data(await t.query(COURT, CORRECT, { l: listing(REF, { subjectName: '钱立群' }), why: '姓名录入错误' })).correctListing).toMatchObject({ outcome: 'UNCHANGED', version: 2 });
    // a correction keeps the list and the subject
    const moved = await t.query(COURT, CORRECT, { l: listing(REF, { subjectName: '钱立群', subjectCode: 孙立 }), why: '换人' });
    expect(moved.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'subjectCode' } });
  });

  it('revokes: the listing is shown to nobody but the subject, and screens no more', async () => {
    const receipt = data(await t.query(COURT, REVOKE, { ref: REF })).revokeListing;
    expect(receipt).toMatchObject({ outcome: 'APPLIED', operation: 'REVOKE', version: 3, status: 'REVOKED', reason: '判决撤销' });
    expect(data(await t.query(REGULATOR, ENTRY, { ref: REF })).sanctionEntry).toBeNull();
    expect(await screenFor(REGULATOR, '钱立群')).toEqual([]);
    const own = data(await t.query(钱多多, /* GraphQL */ `{ person(creditCode: "${钱多多}") { sanctions { courtListings { ref status } } } }`));
    expect(own.person.sanctions.courtListings).toEqual([{ ref: REF, status: 'REVOKED' }]);
    expect(data(await t.query(COURT, REVOKE, { ref: REF })).revokeListing).toMatchObject({ outcome: 'UNCHANGED', version: 3 });
    // the first publication sent again was applied already: UNCHANGED, answered with the listing as it is now
    expect(data(await t.query(COURT, PUBLISH, { l: listing(REF) })).publishListing).toMatchObject({ outcome: 'UNCHANGED', version: 3, status: 'REVOKED' });
    // a revoked ref is not published again with other content
    expect((await t.query(COURT, PUBLISH, { l: listing(REF, { obligation: '偿还货款 1 元' }) })).errors?.[0]?.extensions).toMatchObject({ reason: 'CONFLICT' });
  });

  it('ends: the removal keeps the day of performance, and says whether it kept the 3 working days', async () => {
    const [inTime, late] = ['(2026)苏01执889号', '(2026)苏01执890号'];
    data(await t.query(COURT, PUBLISH, { l: listing(inTime, { subjectCode: 孙立, subjectName: '孙立', listedAt: '2026-10-08' }) }));
    data(await t.query(COURT, PUBLISH, { l: listing(late, { subjectCode: 孙立, subjectName: '孙立', listedAt: '2026-10-09' }) }));
    expect((await screenFor(REGULATOR, '孙立')).map((h) => h.ref).sort()).toEqual([inTime, late]);
    // TODAY is Friday 2026-11-27: performed on Tuesday, due Friday; performed the Friday before, due Wednesday
    const a = data(await t.query(COURT, END, { ref: inTime, on: '2026-11-24' })).endListing;
    expect(a).toMatchObject({ outcome: 'APPLIED', operation: 'END', status: 'REMOVED', performedAt: '2026-11-24', removedAt: TODAY, removalDue: '2026-11-27', removedInTime: true });
    const b = data(await t.query(COURT, END, { ref: late, on: '2026-11-20' })).endListing;
    expect(b).toMatchObject({ performedAt: '2026-11-20', removalDue: '2026-11-25', removedInTime: false });
    expect(await screenFor(REGULATOR, '孙立')).toEqual([]);
    expect(data(await t.query(REGULATOR, ENTRY, { ref: inTime })).sanctionEntry).toBeNull();
    const stored = await t.store.collection('sanctionEntries').findOne({ _id: inTime });
    expect(stored).toMatchObject({ status: 'REMOVED', performedAt: '2026-11-24', removedAt: TODAY });
    expect(data(await t.query(COURT, END, { ref: inTime, on: '2026-11-24' })).endListing).toMatchObject({ outcome: 'UNCHANGED' });
    expect((await t.query(COURT, END, { ref: inTime, on: '2026-11-23' })).errors?.[0]?.extensions).toMatchObject({ reason: 'CONFLICT' });
    expect((await t.query(COURT, END, { ref: '(2026)苏01执891号', on: '2026-11-30' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'performedAt' });
  });

  it('every operation is audited, naming the listing', async () => {
    const records = await t.store.collection('queryRecords').find({ target: REF });
    expect(records.map((r) => r.action).sort()).toEqual(['correctListing', 'publishListing', 'revokeListing']);
    for (const r of records) expect(r).toMatchObject({ client: COURT, clientKind: 'AUTHORITY', purpose: 'PUBLICATION', subjects: [钱多多], classes: ['COURT_LIST'] });
  });
});

describe('the licence', () => {
  it('refuses a tax bureau publishing a court listing, FORBIDDEN with the reason, and stores nothing', async () => {
    const res = await t.query(TAX, PUBLISH, { l: listing('(2026)苏01执900号') });
    expect(res.data?.publishListing).toBeNull();
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'FACT_NOT_LICENSED' } });
    expect(res.errors?.[0]?.message).toMatch(/DISHONEST_JUDGMENT_DEBTOR.*MAJOR_TAX_VIOLATION/);
    expect(await t.store.collection('sanctionEntries').findOne({ _id: '(2026)苏01执900号' })).toBeNull();
  });

  it('refuses a subject outside the licensed regions and a document number that is not the authority’s', async () => {
    const tax = (over: Record<string, unknown>) => listing('苏税稽罚〔2026〕901号', { list: 'MAJOR_TAX_VIOLATION', obligation: null, displayUntil: undefined, measures: ['FINANCING'], ...over });
    expect((await t.query(TAX, PUBLISH, { l: tax({ subjectCode: makeCitizenId('110105', '1980-01-01', 11) }) })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_NOT_LICENSED' });
    expect((await t.query(TAX, PUBLISH, { l: tax({ ref: '沪税稽罚〔2026〕1号' }) })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'REF_NOT_LICENSED' });
    expect(data(await t.query(TAX, PUBLISH, { l: tax({}) })).publishListing).toMatchObject({ outcome: 'APPLIED', list: 'MAJOR_TAX_VIOLATION' });
  });

  it('is for authorities only: a bank or the regulator is refused by role', async () => {
    for (const asker of [BANK, REGULATOR]) {
      const res = await t.query(asker, PUBLISH, { l: listing('(2026)苏01执902号') });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE', action: 'publishListing' });
    }
  });

  it('validates the record: identifiers by GB 11643, dates, severity, display period, measures', async () => {
    const bad = async (over: Record<string, unknown>) => (await t.query(COURT, PUBLISH, { l: listing('(2026)苏01执903号', over) })).errors?.[0];
    expect(await bad({ subjectCode: `${钱多多.slice(0, 17)}${钱多多[17] === '0' ? '1' : '0'}` })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'subjectCode' }, message: expect.stringMatching(/check/) });
    expect(await bad({ listedAt: '2026-12-01' })).toMatchObject({ extensions: { argument: 'listedAt' } });
    expect(await bad({ listedAt: '2026-02-30' })).toMatchObject({ extensions: { argument: 'listedAt' } });
    expect(await bad({ severity: 'GENERAL' })).toMatchObject({ extensions: { argument: 'severity' } });
    expect(await bad({ displayUntil: '2032-01-01' })).toMatchObject({ extensions: { argument: 'displayUntil' }, message: expect.stringMatching(/2031-11-20/) });
    expect(await bad({ measures: [] })).toMatchObject({ extensions: { argument: 'measures' } });
    expect(await bad({ obligation: null })).toMatchObject({ extensions: { argument: 'obligation' } });
    expect(await bad({ basis: '   ' })).toMatchObject({ extensions: { argument: 'basis' } });
    expect(await t.store.collection('sanctionEntries').findOne({ _id: '(2026)苏01执903号' })).toBeNull();
  });
});

describe('what an authority learns', () => {
  it('a listing it may not change answers exactly like a ref that does not exist', async () => {
    const ask = (ref: string) => t.query(MARKET, REVOKE, { ref });
    const [held, missing] = [await ask('宁市监罚〔2025〕77号'), await ask('宁市监罚〔2025〕78号')];
    const strip = (r: GraphQLBody<unknown>, ref: string) => JSON.stringify({ ...r, extensions: { ...r.extensions, requestId: undefined } }).split(ref).join('<REF>');
    expect(held.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_FOUND' });
    expect(strip(held, '宁市监罚〔2025〕77号')).toBe(strip(missing, '宁市监罚〔2025〕78号'));
    // another authority's listing, by a ref outside its own numbers: refused by the ref alone
    const [courts, none] = [await t.query(TAX, REVOKE, { ref: '(2026)苏01执889号' }), await t.query(TAX, REVOKE, { ref: '(2026)苏01执999号' })];
    expect(strip(courts, '(2026)苏01执889号')).toBe(strip(none, '(2026)苏01执999号'));
  });

  it('reads its own receipts only; the regulator reads every authority’s', async () => {
    const PAGE = /* GraphQL */ `query($f: PublicationFilter) { publications(filter: $f, limit: 2) { total nextOffset byPublisher { publisher authority count } items { ref publisher operation version } } }`;
    const court = data(await t.query(COURT, PAGE)).publications;
    expect(court.total).toBeGreaterThanOrEqual(6);
    expect(court.items).toHaveLength(2);
    expect(court.nextOffset).toBe(2);
    expect(court.byPublisher).toEqual([{ publisher: COURT, authority: '南京市中级人民法院', count: court.total }]);
    const tax = data(await t.query(TAX, PAGE)).publications;
    expect(tax.items.every((r: { publisher: string }) => r.publisher === TAX)).toBe(true);
    expect((await t.query(TAX, PAGE, { f: { publisher: COURT } })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.publisher' });
    const all = data(await t.query(REGULATOR, PAGE)).publications;
    expect(all.byPublisher.map((p: { publisher: string }) => p.publisher)).toEqual([COURT, TAX]);
    expect(all.total).toBe(court.total + tax.total);
    const ends = data(await t.query(REGULATOR, PAGE, { f: { publisher: COURT, operation: 'END', from: TODAY, to: TODAY } })).publications;
    expect(ends.total).toBe(2);
    // reading a receipt that names a person's listing is in that person's audit record
    const read = await t.query(REGULATOR, PAGE, { f: { ref: '(2026)苏01执889号' } });
    const records = await t.store.collection('queryRecords').find({ requestId: read.extensions!.requestId });
    expect(records).toEqual([expect.objectContaining({ client: REGULATOR, subjects: [孙立], classes: ['COURT_LIST'] })]);
    expect((await t.query(DEVELOPER, PAGE)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', action: 'publications' });
  });
});

describe('telling the subject', () => {
  const NOTICES = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { notices { ref list operation authority noticeOn objectFrom delivery channel } } }`;

  it('puts a notice in the person’s file and the outbox for each publication or correction, once', async () => {
    const own = data(await t.query(钱多多, NOTICES, { c: 钱多多 })).person.notices.filter((n: { ref: string }) => n.ref === '(2026)苏01执888号');
    expect(own).toEqual([
      { ref: '(2026)苏01执888号', list: 'DISHONEST_JUDGMENT_DEBTOR', operation: 'CORRECT', authority: '南京市中级人民法院', noticeOn: TODAY, objectFrom: TODAY, delivery: 'PENDING', channel: null },
      { ref: '(2026)苏01执888号', list: 'DISHONEST_JUDGMENT_DEBTOR', operation: 'PUBLISH', authority: '南京市中级人民法院', noticeOn: TODAY, objectFrom: TODAY, delivery: 'PENDING', channel: null },
    ]);
    // the UNCHANGED answers sent none again
    expect(await t.store.collection('notices').count({ ref: '(2026)苏01执888号' })).toBe(2);
    expect(data(await t.query(REGULATOR, NOTICES, { c: 钱多多 })).person.notices.length).toBeGreaterThanOrEqual(2);
    // the tax bureau's listing of him sent one too, in its own name
    expect(data(await t.query(钱多多, NOTICES, { c: 钱多多 })).person.notices).toContainEqual(expect.objectContaining({ ref: '苏税稽罚〔2026〕901号', authority: '国家税务总局江苏省税务局稽查局' }));
    const bank = await t.query(BANK, NOTICES, { c: 钱多多 });
    expect(bank.data?.person?.notices ?? null).toBeNull();
  });

  it('lets the person object from the day of the publication', async () => {
    const REF = '(2026)苏01执895号';
    data(await t.query(COURT, PUBLISH, { l: listing(REF, { listedAt: TODAY }) }));
    const filed = data(await t.query(钱多多, /* GraphQL */ `mutation($f: ID!) { fileObjection(factRef: $f, reason: "已履行完毕") { ref factRef status dueAt } }`, { f: REF }));
    expect(filed.fileObjection).toMatchObject({ factRef: REF, status: 'UNDER_REVIEW' });
    expect(data(await t.query(REGULATOR, ENTRY, { ref: REF })).sanctionEntry.status).toBe('UNDER_OBJECTION');
  });

  it('hands the outbox to a delivery adapter: poll, then mark delivered once', async () => {
    const { pendingNotices, markDelivered } = await import('../../subgraphs/sanctions/outbox.ts');
    const pending = await pendingNotices(t.store, 500);
    const mine = pending.filter((n) => n.subject === 钱多多);
    expect(mine.map((n) => n._id)).toContain('(2026)苏01执888号#1');
    expect(await markDelivered(t.store, '(2026)苏01执888号#1', 'SMS')).toBe(true);
    expect(await markDelivered(t.store, '(2026)苏01执888号#1', 'SMS')).toBe(false);
    expect((await pendingNotices(t.store, 500)).map((n) => n._id)).not.toContain('(2026)苏01执888号#1');
    const own = data(await t.query(钱多多, NOTICES, { c: 钱多多 })).person.notices;
    expect(own.find((n: { operation: string; ref: string }) => n.operation === 'PUBLISH' && n.ref === '(2026)苏01执888号')).toMatchObject({ delivery: 'DELIVERED', channel: 'SMS' });
  });
});
