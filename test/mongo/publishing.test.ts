/**
 * Publishing on MongoDB (FerretDB in CI): a court's feed applied line by line, a correction made
 * conditional on the version it read, receipts, notices and the audit records, as the embedded
 * store does them; and a second sanctions process on the same database screens a listing the
 * first one published, by catching up on changed entries. Skipped without MONGODB_URI.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { INDEXES } from '../../subgraphs/collections.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { CATCH_UP_MS } from '../../subgraphs/sanctions/screening/service.ts';
import { seed } from '../fixtures/seed/cli.ts';
import { clientViewer } from '../support/askers.ts';
import { describeMongo, freshMongoStore, type FreshMongo } from '../support/mongo.ts';
import { inProcess, viewers } from '../support/subgraph.ts';

const COURT = clientViewer('court-nanjing-intermediate');
const 丙 = makeCitizenId('320102', '1970-07-07', 45);
const REF = '(2026)苏01执8801号';
const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ ref: REF, list: 'DISHONEST_JUDGMENT_DEBTOR', subjectCode: 丙, subjectName: '丙某', basis: '拒不履行', obligation: '偿还 5,000 元', severity: 'SERIOUS', listedAt: '2026-11-03', displayUntil: null, measures: ['AIR_TRAVEL'], sourceDocument: '决定书', ...over });
const FEED = /* GraphQL */ `mutation($l: [String!]!) { publishListings(lines: $l) { applied unchanged refused lines { line outcome code reason receipt { version operation } } } }`;
const SCREEN = /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { hits { ref matchedName } } }`;

describeMongo('publishing on MongoDB', () => {
  let fresh: FreshMongo;
  let one: Store;
  let two: Store;
  let first: Awaited<ReturnType<typeof inProcess>>;
  let second: Awaited<ReturnType<typeof inProcess>>;

  beforeAll(async () => {
    fresh = await freshMongoStore();
    await seed({ uri: fresh.uri, scale: { persons: 20, enterprises: 5, merchants: 5, couriers: 5, listEntries: 20 }, batchSize: 500 });
    // two processes of the sanctions subgraph, each with its own connection and screening index
    one = await openStore({ mongodbUri: fresh.uri, indexes: INDEXES });
    two = await openStore({ mongodbUri: fresh.uri, indexes: INDEXES });
    first = await inProcess(SUBGRAPHS.sanctions, one);
    second = await inProcess(SUBGRAPHS.sanctions, two);
  }, 120_000);
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await one?.close();
    await two?.close();
    await fresh?.dispose();
  });

  const ok = (res: { data?: any; errors?: any[] }) => {
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };

  it('applies a feed line by line, each whole or not at all, with receipts, notices and audit records', async () => {
    // the second process builds its index before anything is published
    expect(ok(await second.run(viewers.regulator, SCREEN, { s: [{ name: '丙某' }] })).screen[0].hits).toEqual([]);
    const report = ok(await first.run(COURT, FEED, { l: [line(), '{"ref": 1}', line({ list: 'MAJOR_TAX_VIOLATION' })] })).publishListings;
    expect(report).toMatchObject({ applied: 1, unchanged: 0, refused: 2 });
    expect(report.lines.map((l: { outcome: string; code: string | null }) => [l.outcome, l.code])).toEqual([
      ['APPLIED', null],
      ['REFUSED', 'BAD_USER_INPUT'],
      ['REFUSED', 'FORBIDDEN'],
    ]);
    expect(await fresh.store.collection('sanctionEntries').findOne({ _id: REF })).toMatchObject({ publication: { publisher: 'court-nanjing-intermediate', version: 1, operation: 'PUBLISH' } });
    expect(await fresh.store.collection('publications').count({ ref: REF })).toBe(1);
    expect(await fresh.store.collection('notices').count({ subject: 丙 })).toBe(1);
    expect(await fresh.store.collection('queryRecords').count({ target: REF, action: 'publishListing' })).toBe(1);
  });

  it('corrects conditionally on the version read, and answers the same correction again UNCHANGED', async () => {
    const CORRECT = JSON.stringify({ ...JSON.parse(line({ obligation: '偿还 6,000 元' })), op: 'CORRECT', reason: '金额更正' });
    expect(ok(await first.run(COURT, FEED, { l: [CORRECT] })).publishListings.lines[0]).toMatchObject({ outcome: 'APPLIED', receipt: { version: 2, operation: 'CORRECT' } });
    expect(ok(await first.run(COURT, FEED, { l: [CORRECT, line()] })).publishListings).toMatchObject({ unchanged: 2, applied: 0 });
    expect(await fresh.store.collection('sanctionEntries').findOne({ _id: REF })).toMatchObject({ obligation: '偿还 6,000 元', publication: { version: 2 } });
  });

  it('a second process screens what the first published, once it has caught up', async () => {
    await new Promise((r) => setTimeout(r, CATCH_UP_MS + 200));
    expect(ok(await second.run(viewers.regulator, SCREEN, { s: [{ name: '丙某' }] })).screen[0].hits).toEqual([{ ref: REF, matchedName: '丙某' }]);
    const END = JSON.stringify({ op: 'END', ref: REF, performedAt: '2026-11-26', sourceDocument: '结案' });
    expect(ok(await first.run(COURT, FEED, { l: [END] })).publishListings.applied).toBe(1);
    await new Promise((r) => setTimeout(r, CATCH_UP_MS + 200));
    // the first call after the interval catches up before it screens
    expect(ok(await second.run(viewers.regulator, SCREEN, { s: [{ name: '丙某' }] })).screen[0].hits).toEqual([]);
  }, 20_000);
});
