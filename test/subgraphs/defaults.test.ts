/**
 * Lenders' reports of financial defaults (issue 13: where facts come from), tier 1: a lender,
 * registered as an issuing authority licensed for FINANCIAL_DEFAULT under its own loan references,
 * reports, corrects, settles and revokes the defaults of its borrowers; each step shows at once to
 * whoever may see the person's defaults, is audited on the person's file and goes to their watchers.
 * Nobody else may report a default, and a lender nothing outside its licence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persons } from '../../subgraphs/persons/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import { ask, changeRecordOf, dataOf, refusal, showcaseStore, start, viewers, type Running, 张伟 } from './harness.ts';

const lender: Viewer = { kind: 'CLIENT', client: 'lender-jinling-reporting', clientKind: 'AUTHORITY', purpose: 'PUBLICATION' };
const court: Viewer = { kind: 'CLIENT', client: 'court-nanjing-intermediate', clientKind: 'AUTHORITY', purpose: 'PUBLICATION' };
const REPORT = /* GraphQL */ `
  mutation ($r: DefaultReport!) { reportDefault(report: $r) { ref operation outcome version repayment status } }
`;
const DEFAULTS = /* GraphQL */ `
  query ($c: ID!) { person(creditCode: $c) { financialDefaults { ref lender product overdueAmount overdueSince repayment settledAt displayUntil status } } }
`;
const NEW = { ref: 'JL-LOAN-2026-0101', subjectCode: 张伟, product: '信用卡', overdueAmount: 5200.5, overdueSince: '2026-09-01', sourceDocument: '金陵示范银行逾期通知〔2026〕101号' };

let store: Store;
let subgraph: Running;
beforeAll(async () => {
  store = await showcaseStore();
  subgraph = await start(persons, store);
});
afterAll(() => subgraph?.stop());

const bankSees = async () => dataOf(await ask(subgraph, viewers.bank, DEFAULTS, { c: 张伟 })).person.financialDefaults as Record<string, unknown>[];

describe("a lender's reports of defaults", () => {
  it('a new default shows at once to the bank with the borrower’s consent, is audited and goes to the watchers', async () => {
    const res = await ask(subgraph, lender, REPORT, { r: NEW });
    expect(dataOf(res).reportDefault).toEqual({ ref: NEW.ref, operation: 'REPORT', outcome: 'APPLIED', version: 1, repayment: 'OVERDUE', status: 'ACTIVE' });
    expect(await changeRecordOf(store, res)).toMatchObject({ client: 'lender-jinling-reporting', subjects: [张伟], classes: ['FINANCIAL_DEFAULT'], action: 'reportDefault', target: NEW.ref });
    expect((await bankSees()).find((d) => d.ref === NEW.ref)).toEqual({
      ref: NEW.ref,
      lender: '金陵示范银行',
      product: '信用卡',
      overdueAmount: 5200.5,
      overdueSince: '2026-09-01',
      repayment: 'OVERDUE',
      settledAt: null,
      displayUntil: null,
      status: 'ACTIVE',
    });
    expect(await store.collection('changeEvents').find({ subject: 张伟, type: 'LISTED', cls: 'FINANCIAL_DEFAULT' })).toEqual([
      expect.objectContaining({ fact: expect.objectContaining({ ref: NEW.ref, list: 'FINANCIAL_DEFAULT' }) }),
    ]);
  });

  it('is idempotent by ref: the same report again is UNCHANGED; another under its ref is refused', async () => {
    expect(dataOf(await ask(subgraph, lender, REPORT, { r: NEW })).reportDefault).toMatchObject({ outcome: 'UNCHANGED', version: 1 });
    const other = refusal(await ask(subgraph, lender, REPORT, { r: { ...NEW, overdueAmount: 9999 } }));
    expect(other).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'CONFLICT' }, message: expect.stringMatching(/send it as a correction/) });
    expect((await bankSees()).filter((d) => d.ref === NEW.ref)).toHaveLength(1);
  });

  it('a correction shows the corrected amount; a settlement starts the 5 years; a revocation hides it from all but the person', async () => {
    const corrected = await ask(subgraph, lender, REPORT, { r: { ...NEW, op: 'CORRECT', overdueAmount: 5000, reason: '金额录入有误' } });
    expect(dataOf(corrected).reportDefault).toMatchObject({ operation: 'CORRECT', outcome: 'APPLIED', version: 2 });
    expect((await bankSees()).find((d) => d.ref === NEW.ref)).toMatchObject({ overdueAmount: 5000 });
    // the seed's default of this lender, loaded before reporting existed, is its own: it may settle it
    const settled = await ask(subgraph, lender, REPORT, { r: { op: 'SETTLE', ref: 'JL-LOAN-2023-0917', settledAt: '2026-11-20', sourceDocument: '结清证明〔2026〕7号' } });
    expect(dataOf(settled).reportDefault).toMatchObject({ operation: 'SETTLE', repayment: 'SETTLED', version: 1 });
    expect((await bankSees()).find((d) => d.ref === 'JL-LOAN-2023-0917')).toMatchObject({ repayment: 'SETTLED', settledAt: '2026-11-20', displayUntil: '2031-11-20', status: 'ACTIVE' });
    expect(refusal(await ask(subgraph, lender, REPORT, { r: { op: 'SETTLE', ref: 'JL-LOAN-2023-0917', settledAt: '2026-11-21', sourceDocument: 'x' } })).message).toMatch(/settled already, on 2026-11-20/);

    const revoked = await ask(subgraph, lender, REPORT, { r: { op: 'REVOKE', ref: NEW.ref, reason: '系统误报', sourceDocument: '撤销通知〔2026〕3号' } });
    expect(dataOf(revoked).reportDefault).toMatchObject({ operation: 'REVOKE', status: 'REVOKED', version: 3 });
    expect((await bankSees()).map((d) => d.ref)).not.toContain(NEW.ref);
    const own = dataOf(await ask(subgraph, viewers.self(张伟), DEFAULTS, { c: 张伟 })).person.financialDefaults;
    expect(own.find((d: { ref: string }) => d.ref === NEW.ref)).toMatchObject({ status: 'REVOKED' });
    const types = (await store.collection('changeEvents').find({ subject: 张伟, cls: 'FINANCIAL_DEFAULT' })).map((e) => e.type).sort();
    expect(types).toEqual(['CORRECTED', 'CORRECTED', 'LISTED', 'REVOKED']);
  });

  it('refuses outside the licence before reading anything: another kind of fact, another region, another lender’s references', async () => {
    expect(refusal(await ask(subgraph, court, REPORT, { r: { ...NEW, ref: '(2026)苏01执1号' } }))).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'FACT_NOT_LICENSED' } });
    expect(refusal(await ask(subgraph, lender, REPORT, { r: { ...NEW, ref: 'ICBC-1' } }))).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'REF_NOT_LICENSED' } });
    expect(refusal(await ask(subgraph, lender, REPORT, { r: { ...NEW, ref: 'JL-LOAN-2026-0102', subjectCode: '11010519491231002X' } }))).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'REGION_NOT_LICENSED' } });
    expect(refusal(await ask(subgraph, lender, REPORT, { r: { op: 'SETTLE', ref: 'ICBC-1', settledAt: '2026-11-01', sourceDocument: 'x' } }))).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'REF_NOT_LICENSED' } });
    // within the licence, a ref it never reported is answered as not found, whether or not another holds it
    expect(refusal(await ask(subgraph, lender, REPORT, { r: { op: 'REVOKE', ref: 'JL-LOAN-1999-0001', reason: 'x', sourceDocument: 'x' } }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'NOT_FOUND' } });
    // and no one but an authority reports: a bank under LOAN_UNDERWRITING may not
    expect(refusal(await ask(subgraph, viewers.bank, REPORT, { r: NEW }))).toMatchObject({ code: 'FORBIDDEN', extensions: { reason: 'ROLE' } });
  });

  it('refuses what is not a default: no amount, a future day, an organisation, a settlement before the default', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...NEW, ref: 'JL-LOAN-2026-0201', overdueAmount: 0 }, 'report.overdueAmount'],
      [{ ...NEW, ref: 'JL-LOAN-2026-0202', overdueAmount: 10.001 }, 'report.overdueAmount'],
      [{ ...NEW, ref: 'JL-LOAN-2026-0203', overdueSince: '2099-01-01' }, 'report.overdueSince'],
      [{ ...NEW, ref: 'JL-LOAN-2026-0204', subjectCode: '91320505MA1P7Q8R2P' }, 'report.subjectCode'],
      [{ ...NEW, ref: 'JL-LOAN-2026-0205', product: undefined }, 'report.product'],
      [{ op: 'SETTLE', ref: 'JL-LOAN-2026-0301', settledAt: '2026-08-01', sourceDocument: 'x' }, 'report.settledAt'],
    ];
    await ask(subgraph, lender, REPORT, { r: { ...NEW, ref: 'JL-LOAN-2026-0301' } });
    for (const [r, argument] of cases) {
      expect(refusal(await ask(subgraph, lender, REPORT, { r })), JSON.stringify(r)).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { argument } });
    }
  });
});
