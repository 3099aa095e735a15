/**
 * The README walkthrough is run as written: every `q $ASKER '<request>'` line is sent through a
 * real gateway with that asker's token and must answer with the data the walkthrough says it
 * shows, and with exactly the FORBIDDEN denials it talks about, each for the reason it gives.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** `BANK=$(npm run -s token -- --client bank-jinling)` → BANK: bank-jinling */
const askers = Object.fromEntries(
  [...readme.matchAll(/^(\w+)=\$\(npm run -s token -- --(?:client|subject) (\S+)\)/gm)].map((m) => [m[1]!, m[2]!]),
);
const steps = [...readme.matchAll(/^q \$(\w+) '(.+)'$/gm)].map((m) => ({ asker: m[1]!, request: JSON.parse(m[2]!) as { query: string } }));

type Reason = 'PURPOSE' | 'NO_CONSENT' | 'CONSENT_EXPIRED';

/**
 * What the walkthrough's prose says of each step, in its order: the data it shows (compared with
 * toMatchObject, so a list must have exactly the entries given) and the fields it withholds.
 */
/** The court's daily file of "Feeding the hub", as the README writes it (its heredoc). */
const COURT_FILE = /cat > court-2026-11-27\.ndjson <<'NDJSON'\n([\s\S]*?)\nNDJSON\n/.exec(readme)![1]!;

/** Sends the court's file to POST /feeds as the README's curl does: the steps that read publications, notices and screening follow it. */
async function sendCourtFile(): Promise<void> {
  const token = await t.token(askers.COURT!);
  const res = await fetch(t.url.replace(/\/graphql$/, '/feeds'), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body: COURT_FILE });
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.at(-1)).toEqual({ summary: { lines: 3, applied: 2, unchanged: 0, refused: 1 } });
}

const WALKTHROUGH: { asker: string; before?: () => Promise<void>; shows: Record<string, unknown>; withheld: Record<string, Reason> }[] = [
  {
    // a bank with 张伟's consent reads his loan default; contact details are never for lending
    asker: 'BANK',
    shows: { person: { name: '张伟', financialDefaults: [{ ref: 'JL-LOAN-2023-0917', lender: '金陵示范银行' }], phone: null } },
    withheld: { 'person.phone': 'PURPOSE' },
  },
  {
    // 李梅 consented to nobody: only what the public may see, her court listing with a masked ID
    asker: 'BANK',
    shows: {
      person: {
        name: null,
        financialDefaults: null,
        sanctions: { courtListings: [{ subjectName: '李梅', subjectMaskedId: '320102********1629', authority: '南京市中级人民法院', basis: null }] },
      },
    },
    withheld: { 'person.name': 'NO_CONSENT', 'person.financialDefaults': 'NO_CONSENT', 'person.sanctions.courtListings.basis': 'NO_CONSENT' },
  },
  {
    // 陈静's consent to the employer is valid: her courier file is open to it
    asker: 'EMPLOYER',
    shows: {
      person: {
        name: '陈静',
        maskedId: '320203********2021',
        occupations: [{ occupation: 'COURIER', licenseNo: '快递从业320203-2021-0456' }],
        courierProfile: {
          rating: 4.2,
          complaints: [{ ref: 'CP-2026-00731' }, { ref: 'CP-2026-01188' }],
          trafficViolations: [{ what: '电动自行车闯红灯' }],
          company: { name: '南京诚达物流有限公司', courierProfile: { grade: 'A' } },
        },
      },
    },
    withheld: {},
  },
  {
    // a platform onboarding 刘洋's shop sees its violations and his e-commerce black listing
    asker: 'PLATFORM',
    shows: {
      merchant: { shopName: '刘洋小铺', violations: [{ ref: 'EV-2026-0042', kind: 'FAKE_ORDERS' }], operatorName: '刘洋' },
      person: { sanctions: { ecommerceBlacklist: [{ ref: '云集黑〔2026〕0042号', measures: ['PLATFORM_ENTRY'] }] } },
    },
    withheld: {},
  },
  {
    // anyone reads the courier company's registration and grade, not its courier black listing
    asker: 'DEV',
    shows: { enterprise: { name: '无锡速达快递有限公司', status: 'SUSPENDED', legalRepresentativeName: '吴刚', courierProfile: { grade: 'D' }, sanctions: { courierBlacklist: null } } },
    withheld: { 'enterprise.sanctions.courierBlacklist': 'PURPOSE' },
  },
  {
    // 赵磊's 2019 tax listing ended its display period on 2022-05-06: he alone sees it, as EXPIRED
    asker: 'ME',
    shows: { person: { name: '赵磊', sanctions: { taxViolations: [{ ref: '苏税稽罚〔2019〕88号', status: 'EXPIRED', displayUntil: '2022-05-06' }] }, queryRecords: expect.any(Array) } },
    withheld: {},
  },
  // The regulator's desk (a later section): its queues across subjects, paged.
  {
    // the showcase's two objections under review, by due date, neither overdue on 2026-11-27
    asker: 'REGULATOR',
    shows: {
      openObjections: {
        total: 2,
        overdue: 0,
        nextOffset: null,
        items: [
          { ref: 'OBJ-2026-1001', factRef: '苏税稽罚〔2026〕1005号', dueAt: '2026-12-07', overdue: false, subject: { name: '唐雅华' } },
          { ref: 'OBJ-2026-0193', factRef: '盐交罚〔2026〕555号', dueAt: '2026-12-10', overdue: false, subject: { name: '周强' } },
        ],
      },
    },
    withheld: {},
  },
  {
    // no repair request is waiting in the showcase
    asker: 'REGULATOR',
    shows: { pendingRepairs: { total: 0, items: [] } },
    withheld: {},
  },
  {
    // the audit search finds the bank's read of 张伟's file in the first step, and what it was denied
    asker: 'REGULATOR',
    shows: {
      auditRecords: {
        total: 1,
        subjects: 1,
        requests: 1,
        nextOffset: null,
        items: [{ client: 'bank-jinling', purpose: 'LOAN_UNDERWRITING', consent: expect.any(String), classes: ['FINANCIAL_DEFAULT', 'IDENTITY'], denied: ['Person.phone'] }],
      },
    },
    withheld: {},
  },  {
    // recent publications by the court, once its file of "Feeding the hub" is in: the removal of 李梅's
    // listing (performed 2026-11-25, due by 2026-11-30, in time) and 赵磊's new listing
    asker: 'REGULATOR',
    before: sendCourtFile,
    shows: {
      publications: {
        total: 2,
        byPublisher: [{ publisher: 'court-nanjing-intermediate', authority: '南京市中级人民法院', count: 2 }],
        items: [
          { ref: '(2025)苏01执1234号', operation: 'END', status: 'REMOVED', removalDue: '2026-11-30', removedInTime: true, subjectName: '李梅' },
          { ref: '(2026)苏01执1001号', operation: 'PUBLISH', status: 'ACTIVE', sourceDocument: '(2026)苏01执1001号决定书', subjectName: '赵磊' },
        ],
      },
    },
    withheld: {},
  },
  {
    // the walkthrough's askers behave: over the default week, no client is reported
    asker: 'REGULATOR',
    shows: { clientAnomalies: { from: '2026-11-21', to: '2026-11-27', total: 0, items: [] } },
    withheld: {},
  },
  { asker: 'REGULATOR', shows: { clientAnomalies: { total: 0, items: [] } }, withheld: {} },
  {
    // the court reads its own receipts
    asker: 'COURT',
    shows: { publications: { total: 2, items: [{ ref: '(2025)苏01执1234号', operation: 'END', removedInTime: true }, { ref: '(2026)苏01执1001号', operation: 'PUBLISH' }] } },
    withheld: {},
  },
  {
    // 赵磊 reads his notice, and may object from the day of publication
    asker: 'ME',
    shows: {
      person: {
        notices: [{ ref: '(2026)苏01执1001号', authority: '南京市中级人民法院', noticeOn: '2026-11-27', objectFrom: '2026-11-27', delivery: 'PENDING' }],
        sanctions: { courtListings: [{ ref: '(2026)苏01执1001号', status: 'ACTIVE' }] },
      },
    },
    withheld: {},
  },
  {
    // and the new listing screens at once, by name (POTENTIAL without a code)
    asker: 'DEV',
    shows: { screen: [{ hits: [{ ref: '(2026)苏01执1001号', status: 'POTENTIAL', matchedName: '赵磊' }] }] },
    withheld: {},
  },
  {
    // a lender reports a default of its borrower 张伟
    asker: 'LENDER',
    shows: { reportDefault: { outcome: 'APPLIED', version: 1, repayment: 'OVERDUE' } },
    withheld: {},
  },
  {
    // and records that it was repaid: the 5 years run from that day
    asker: 'LENDER',
    shows: { reportDefault: { outcome: 'APPLIED', version: 2, repayment: 'SETTLED' } },
    withheld: {},
  },
];

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

describe('README walkthrough', () => {
  it('has askers, and the steps this test knows what to expect of', () => {
    expect(Object.keys(askers).length).toBeGreaterThanOrEqual(6);
    expect(steps.map((s) => s.asker)).toEqual(WALKTHROUGH.map((w) => w.asker));
  });

  it.each(steps.map((s, i) => [i + 1, s.asker, s, WALKTHROUGH[i]] as const))('step %i (%s) shows what the walkthrough says', async (_, asker, step, said) => {
    expect(askers[asker], `unknown asker ${asker}`).toBeDefined();
    expect(said, 'a step the walkthrough table below does not describe').toBeDefined();
    await said!.before?.();
    const res = await t.query(askers[asker]!, step.request.query);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject(said!.shows);
    const denied = Object.fromEntries((res.errors ?? []).map((e) => [e.path!.filter((p) => typeof p === 'string').join('.'), `${e.extensions!.code} ${e.extensions!.reason}`]));
    expect(denied).toEqual(Object.fromEntries(Object.entries(said!.withheld).map(([path, reason]) => [path, `FORBIDDEN ${reason}`])));
  });
});
