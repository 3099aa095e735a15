/**
 * Merchant credit commitments (信用承诺, issue 14 item 4), tier 1: the platform a shop trades on
 * records what the shop promised and when it broke its word; the commitments are the operator's
 * e-commerce facts, shown as the matrix's e-commerce row says; a broken one lowers the grade of
 * whoever may read it, for a year; every change is audited on the operator's file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecommerce } from '../../subgraphs/ecommerce/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import { TODAY } from '../support/today.ts';
import { ask, changeRecordOf, dataOf, refusal, showcaseStore, start, viewers, type Running, 优品电商, 刘洋, 云集网络 } from './harness.ts';

const 优品数码 = 'yunji:shop:100231'; // 优品电商's shop on 云集
const 刘洋小铺 = 'yunji:shop:208877'; // 刘洋's shop on 云集; he consented to the platform
/** platform-yunji as the registry registers it: acting for 云集's operating company */
const yunji: Viewer = { ...(viewers.platform as Extract<Viewer, { kind: 'CLIENT' }>), organisation: 云集网络 };

const RECORD = /* GraphQL */ `
  mutation ($m: ID!, $c: CommitmentInput!) { recordCommitment(merchant: $m, commitment: $c) { merchant ref outcome status } }
`;
const BROKEN = /* GraphQL */ `
  mutation ($m: ID!, $ref: ID!, $on: String!, $breach: String!) { recordCommitmentBroken(merchant: $m, ref: $ref, brokenOn: $on, breach: $breach) { merchant ref outcome status } }
`;
const READ = /* GraphQL */ `
  query ($id: ID!) { merchant(id: $id) { commitments { ref kind text madeOn validUntil status brokenOn breach } creditGrade { points basis } } }
`;
const QUALITY = { ref: 'YJ-C-2026-0001', kind: 'QUALITY', text: '商品质量与售后服务承诺', madeOn: '2026-06-01', validUntil: '2027-05-31' };

let store: Store;
let subgraph: Running;
beforeAll(async () => {
  store = await showcaseStore();
  subgraph = await start(ecommerce, store);
});
afterAll(() => subgraph?.stop());

describe("a shop's credit commitments", () => {
  it('are recorded by the platform the shop trades on, once per ref, and audited on the operator’s file', async () => {
    const res = await ask(subgraph, yunji, RECORD, { m: 优品数码, c: QUALITY });
    expect(dataOf(res).recordCommitment).toEqual({ merchant: 优品数码, ref: QUALITY.ref, outcome: 'APPLIED', status: 'IN_FORCE' });
    expect(await changeRecordOf(store, res)).toMatchObject({ client: 'platform-yunji', subjects: [优品电商], action: 'recordCommitment', target: `${优品数码}#${QUALITY.ref}` });
    // the same commitment again: nothing changes, and the answer says so
    expect(dataOf(await ask(subgraph, yunji, RECORD, { m: 优品数码, c: QUALITY })).recordCommitment.outcome).toBe('UNCHANGED');
    // another promise under a ref the shop has used: refused, and the first stands
    const other = refusal(await ask(subgraph, yunji, RECORD, { m: 优品数码, c: { ...QUALITY, text: '另一项承诺' } }));
    expect(other).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/already has a commitment "YJ-C-2026-0001" that says otherwise/) });
    expect(dataOf(await ask(subgraph, yunji, READ, { id: 优品数码 })).merchant.commitments).toEqual([
      { ref: QUALITY.ref, kind: 'QUALITY', text: QUALITY.text, madeOn: QUALITY.madeOn, validUntil: QUALITY.validUntil, status: 'IN_FORCE', brokenOn: null, breach: null },
    ]);
  });

  it('show as the e-commerce row says: to the platform in full, to a lender and the public not at all', async () => {
    const bank = await ask(subgraph, viewers.bank, READ, { id: 优品数码 });
    expect(bank.data.merchant.commitments).toBeNull();
    expect(bank.errors?.map((e) => [e.path?.join('.'), e.extensions.code])).toEqual([['merchant.commitments', 'FORBIDDEN']]);
    const pub = await ask(subgraph, viewers.developer, READ, { id: 优品数码 });
    expect(pub.data.merchant.commitments).toBeNull();
    expect(pub.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    // a person's shop: only with the person's consent (the platform has 刘洋's)
    await ask(subgraph, yunji, RECORD, { m: 刘洋小铺, c: { ...QUALITY, ref: 'YJ-C-2026-0002', kind: 'NO_FAKE_ORDERS', text: '不刷单、不虚构评价' } });
    expect(dataOf(await ask(subgraph, yunji, READ, { id: 刘洋小铺 })).merchant.commitments.map((c: { ref: string }) => c.ref)).toEqual(['YJ-C-2026-0002']);
    const noConsent = await ask(subgraph, { ...viewers.bank }, READ, { id: 刘洋小铺 });
    expect(noConsent.data.merchant.commitments).toBeNull();
    expect(JSON.stringify(noConsent)).not.toContain('YJ-C-2026-0002');
    const self = await ask(subgraph, viewers.self(刘洋), READ, { id: 刘洋小铺 });
    expect(dataOf(self).merchant.commitments.map((c: { ref: string }) => c.ref)).toEqual(['YJ-C-2026-0002']);
  });

  it('once broken, show BROKEN with the breach and take 10 points off the grade of whoever may read them', async () => {
    const before = dataOf(await ask(subgraph, yunji, READ, { id: 优品数码 })).merchant.creditGrade;
    const bankBefore = dataOf(await ask(subgraph, viewers.bank, `query ($id: ID!) { merchant(id: $id) { creditGrade { points } } }`, { id: 优品数码 })).merchant.creditGrade;
    const res = await ask(subgraph, yunji, BROKEN, { m: 优品数码, ref: QUALITY.ref, on: TODAY, breach: '苏园市监罚〔2025〕112号' });
    expect(dataOf(res).recordCommitmentBroken).toEqual({ merchant: 优品数码, ref: QUALITY.ref, outcome: 'APPLIED', status: 'BROKEN' });
    expect(await changeRecordOf(store, res)).toMatchObject({ subjects: [优品电商], action: 'recordCommitmentBroken' });
    const after = dataOf(await ask(subgraph, yunji, READ, { id: 优品数码 })).merchant;
    expect(after.commitments[0]).toMatchObject({ status: 'BROKEN', brokenOn: TODAY, breach: '苏园市监罚〔2025〕112号' });
    expect(after.creditGrade).toEqual({ points: before.points - 10, basis: ['RATING', 'COMPLAINT_COUNT', 'VIOLATIONS', 'COMMITMENTS'] });
    // a lender, which may not read the commitments, grades the shop as before
    expect(dataOf(await ask(subgraph, viewers.bank, `query ($id: ID!) { merchant(id: $id) { creditGrade { points } } }`, { id: 优品数码 })).merchant.creditGrade).toEqual(bankBefore);
    // the same breach again changes nothing; another one is refused: a commitment is broken once
    expect(dataOf(await ask(subgraph, yunji, BROKEN, { m: 优品数码, ref: QUALITY.ref, on: TODAY, breach: '苏园市监罚〔2025〕112号' })).recordCommitmentBroken.outcome).toBe('UNCHANGED');
    expect(refusal(await ask(subgraph, yunji, BROKEN, { m: 优品数码, ref: QUALITY.ref, on: TODAY, breach: 'another' })).message).toMatch(/was recorded broken already, on 2026-11-27/);
  });

  it("when a person's shop breaks one, tell the watchers of that person's file: one change event, once", async () => {
    const breach = { m: 刘洋小铺, ref: 'YJ-C-2026-0002', on: '2026-11-20', breach: 'EV-2026-0042' };
    await ask(subgraph, yunji, BROKEN, breach);
    await ask(subgraph, yunji, BROKEN, breach);
    const events = await store.collection('changeEvents').find({ subject: 刘洋, source: 'ecommerce' });
    expect(events).toEqual([
      expect.objectContaining({ type: 'LISTED', cls: 'ECOMMERCE', fact: { ref: 'YJ-C-2026-0002', list: 'BROKEN_COMMITMENT', authority: 'platform-yunji', decidedAt: '2026-11-20' }, fanOut: 'PENDING' }),
    ]);
    // an organisation's shop is no person's file: no event
    expect(await store.collection('changeEvents').find({ subject: 优品电商 })).toEqual([]);
  });

  it('refuse what did not happen: a breach or a promise after today, a breach outside the commitment’s days, an unknown commitment', async () => {
    const c = { ...QUALITY, ref: 'YJ-C-2026-0003', madeOn: '2026-01-10', validUntil: '2026-06-30' };
    await ask(subgraph, yunji, RECORD, { m: 优品数码, c });
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{ m: 优品数码, ref: c.ref, on: '2027-01-01', breach: 'x' }, /brokenOn 2027-01-01 is after today \(2026-11-27\)/, 'brokenOn'],
      [{ m: 优品数码, ref: c.ref, on: '2026-01-09', breach: 'x' }, /before the commitment was made \(2026-01-10\)/, 'brokenOn'],
      [{ m: 优品数码, ref: c.ref, on: '2026-07-01', breach: 'x' }, /after the commitment's last day \(2026-06-30\)/, 'brokenOn'],
      [{ m: 优品数码, ref: 'NO-SUCH', on: '2026-03-01', breach: 'x' }, /has no commitment "NO-SUCH"/, 'ref'],
      [{ m: 'yunji:shop:999999', ref: c.ref, on: '2026-03-01', breach: 'x' }, /There is no shop "yunji:shop:999999"/, 'merchant'],
    ];
    for (const [vars, message, argument] of cases) {
      expect(refusal(await ask(subgraph, yunji, BROKEN, vars)), JSON.stringify(vars)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message), extensions: { argument } });
    }
    expect(refusal(await ask(subgraph, yunji, RECORD, { m: 优品数码, c: { ...QUALITY, ref: 'YJ-C-2026-0004', madeOn: '2026-12-02' } })).message).toMatch(/madeOn 2026-12-02 is after today/);
    expect(refusal(await ask(subgraph, yunji, RECORD, { m: 优品数码, c: { ...QUALITY, ref: 'YJ-C-2026-0004', validUntil: '2026-05-31' } })).message).toMatch(/validUntil must be a date .* on or after madeOn/);
    // a commitment past its last day, kept: EXPIRED
    const shown = dataOf(await ask(subgraph, yunji, READ, { id: 优品数码 })).merchant.commitments;
    expect(shown.find((x: { ref: string }) => x.ref === c.ref).status).toBe('EXPIRED');
  });

  it('are recorded by no one else: another platform, a platform the registry ties to no company, a bank, the operator', async () => {
    const other = await ask(subgraph, { ...yunji, client: 'platform-other', organisation: '91320106MA1W2K3L48' }, RECORD, { m: 优品数码, c: { ...QUALITY, ref: 'X-1' } });
    expect(refusal(other)).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'NOT_YOUR_SHOP' } });
    const { organisation: _none, ...untied } = yunji as Extract<Viewer, { kind: 'CLIENT' }>;
    expect(refusal(await ask(subgraph, untied, RECORD, { m: 优品数码, c: { ...QUALITY, ref: 'X-2' } }))).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'NO_ORGANISATION' } });
    expect(refusal(await ask(subgraph, viewers.bank, RECORD, { m: 优品数码, c: { ...QUALITY, ref: 'X-3' } }))).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'ROLE' } });
    expect(refusal(await ask(subgraph, viewers.self(刘洋), RECORD, { m: 刘洋小铺, c: { ...QUALITY, ref: 'X-4' } }))).toMatchObject({ code: 'FORBIDDEN' });
    const refs = dataOf(await ask(subgraph, yunji, READ, { id: 优品数码 })).merchant.commitments.map((c: { ref: string }) => c.ref);
    expect(refs.filter((r: string) => r.startsWith('X-'))).toEqual([]);
  });
});
