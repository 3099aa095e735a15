/**
 * The subject's statement through the whole hub (issue 13, item 6): shown beside its fact to
 * exactly the askers who may see that fact in full, and to nobody else. The expectation is not
 * hand-written per asker: it is asked of the policy's own decision (the matrix, the subject's
 * consent, whether the asker is the subject) and of the fact's lifecycle, for every showcase asker
 * and every fact that carries a statement, across four subgraphs. Then, as the information-flow
 * suite does for facts: a statement must not tell its fact's existence, nor its own, to an asker
 * who may not see the fact in full — a subject with statements and one without answer alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinancialDefaultDoc, PersonDoc } from '../../subgraphs/persons/documents.ts';
import type { SanctionEntryDoc } from '../../subgraphs/sanctions/documents.ts';
import type { StatementDoc } from '../../subgraphs/shared/facts/documents.ts';
import { consentState } from '../../subgraphs/shared/facts/views.ts';
import { makeCitizenId, maskCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { decide } from '../../subgraphs/shared/policy/decide.ts';
import type { FactClass } from '../../subgraphs/shared/policy/matrix.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { askerViewer } from '../support/askers.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';

const 张伟 = '320502198203174715';
const 李梅 = '320102198509231629';
const 刘洋 = '320583199001011531';
const 赵磊 = '320115197511303019';
const 孙丽 = '320104198802145423';
const 周强 = '320982198610092710';
const 王建国 = '320106197805123519';

interface StatedFact {
  subject: string;
  ref: string;
  cls: FactClass;
  /** shown to others today (not expired, repaired or removed) */
  shown: boolean;
  text: string;
  /** attached through the API (the others the seed attaches beside the showcase: SEED_STATEMENTS) */
  attach: boolean;
}

const FACTS: StatedFact[] = [
  { subject: 张伟, ref: 'JL-LOAN-2023-0917', cls: 'FINANCIAL_DEFAULT', shown: true, text: '2025年2月起因病停工，已与银行协商分期还款，正按期归还。', attach: false },
  { subject: 张伟, ref: '苏司罚〔2024〕17号', cls: 'OCCUPATION', shown: false, text: '声明甲：处分所涉案件已结案。', attach: true },
  { subject: 李梅, ref: '(2025)苏01执1234号', cls: 'COURT_LIST', shown: true, text: '本人已向法院申请执行和解，正在筹款履行。', attach: false },
  { subject: 赵磊, ref: '苏税稽罚〔2019〕88号', cls: 'TAX_VIOLATION', shown: false, text: '声明乙：税款及滞纳金已于2019年缴清。', attach: true },
  { subject: 孙丽, ref: '宁市监罚〔2024〕301号', cls: 'ADMIN_PENALTY', shown: false, text: '声明丙：已整改并获信用修复。', attach: true },
  { subject: 周强, ref: '盐交罚〔2026〕555号', cls: 'ADMIN_PENALTY', shown: true, text: '声明丁：涉事车辆当日已出售。', attach: true },
  { subject: 刘洋, ref: '云集黑〔2026〕0042号', cls: 'ECOMMERCE', shown: true, text: '声明戊：刷单系第三方代运营所为。', attach: true },
  { subject: 刘洋, ref: 'EV-2026-0042', cls: 'ECOMMERCE', shown: true, text: '声明己：已终止与代运营方的合作。', attach: true },
];

const SUBJECTS = [...new Set(FACTS.map((f) => f.subject))];
const ASKERS = [...showcase.clients.map((c) => c.id), ...SUBJECTS, 王建国];

const STATEMENT = 'statement { factRef text }';
const FILE = /* GraphQL */ `
  query ($c: ID!) {
    person(creditCode: $c) {
      financialDefaults { ref ${STATEMENT} }
      occupations { misconduct { ref ${STATEMENT} } }
      merchants { violations { ref ${STATEMENT} } }
      sanctions {
        courtListings { ref ${STATEMENT} }
        taxViolations { ref ${STATEMENT} }
        administrativePenalties { ref ${STATEMENT} }
        ecommerceBlacklist { ref ${STATEMENT} }
        courierBlacklist { ref ${STATEMENT} }
      }
    }
  }
`;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  for (const f of FACTS.filter((x) => x.attach)) {
    const res = await t.query(f.subject, /* GraphQL */ `mutation($f: ID!, $s: String!) { attachStatement(factRef: $f, statement: $s) { version } }`, { f: f.ref, s: f.text });
    expect(res.errors, `${f.ref}: ${JSON.stringify(res.errors)}`).toBeUndefined();
  }
}, 60_000);
afterAll(() => t?.stop());

/** Every object in an answer that carries this ref, wherever it sits. */
function withRef(node: unknown, ref: string, out: any[] = []): any[] {
  if (Array.isArray(node)) for (const n of node) withRef(n, ref, out);
  else if (node && typeof node === 'object') {
    if ((node as any).ref === ref) out.push(node);
    for (const v of Object.values(node)) withRef(v, ref, out);
  }
  return out;
}

/** May this asker see this fact in full, as the policy itself decides: the matrix, the consent, the asker's relation to the subject. */
async function seesInFull(asker: string, f: StatedFact): Promise<boolean> {
  const viewer = askerViewer(asker);
  const self = viewer.kind === 'SUBJECT' && viewer.subject === f.subject;
  if (!self && !f.shown) return false;
  const consents = viewer.kind === 'CLIENT' ? await t.store.collection('consents').find({ subject: f.subject, client: viewer.client, purpose: viewer.purpose }) : [];
  return decide(viewer, { code: f.subject, kind: 'PERSON' }, f.cls, 'FULL', consentState(consents, '2026-11-27')).allowed;
}

describe('a statement is shown to exactly the askers who may see its fact in full', () => {
  it('for every showcase asker and every fact with a statement, across the persons, ecommerce and sanctions subgraphs', async () => {
    const tally = new Map<string, { shown: number; factWithout: number; hidden: number }>();
    for (const asker of ASKERS) {
      for (const subject of SUBJECTS) {
        const res = await t.query(asker, FILE, { c: subject });
        for (const e of res.errors ?? []) expect(e.extensions?.code, `${asker} on ${subject}: ${e.message}`).toBe('FORBIDDEN');
        const text = JSON.stringify(res);
        for (const f of FACTS.filter((x) => x.subject === subject)) {
          const count = tally.get(f.ref) ?? { shown: 0, factWithout: 0, hidden: 0 };
          tally.set(f.ref, count);
          const label = `${asker} asking about ${f.ref}`;
          if (await seesInFull(asker, f)) {
            const seen = withRef(res.data, f.ref);
            expect(seen.length, label).toBeGreaterThan(0);
            for (const o of seen) expect(o.statement, label).toEqual({ factRef: f.ref, text: f.text });
            count.shown++;
          } else {
            expect(text.includes(f.text), `${label}: the statement must not reach this asker`).toBe(false);
            for (const o of withRef(res.data, f.ref)) {
              expect(o.statement, label).toBeNull();
              count.factWithout++;
            }
            count.hidden++;
          }
        }
      }
    }
    // not vacuous: every statement reached someone, and was kept from someone
    for (const f of FACTS) {
      const c = tally.get(f.ref)!;
      expect(c.shown, `${f.ref} shown to nobody`).toBeGreaterThan(0);
      expect(c.hidden, `${f.ref} hidden from nobody`).toBeGreaterThan(0);
    }
    // the public sees 李梅's court listing (name, court, case number), never her statement on it
    expect(tally.get('(2025)苏01执1234号')!.factWithout).toBeGreaterThan(0);
    // expired and repaired facts: their statements reach the subject alone
    for (const ref of ['苏司罚〔2024〕17号', '苏税稽罚〔2019〕88号', '宁市监罚〔2024〕301号']) expect(tally.get(ref)!.shown, ref).toBe(1);
  }, 120_000);
});

describe('a statement tells nothing to an asker who may not see its fact in full', () => {
  /** Two persons alike in everything the asker may see: a public court listing and a default each; only one wrote statements. */
  const code = (i: number) => makeCitizenId('320509', '1979-04-04', 201 + 2 * i);
  const twins = [code(0), code(1)];
  const refs = (c: string) => ({ listing: `(2026)苏05执90${twins.indexOf(c)}号`, loan: `TW-LOAN-90${twins.indexOf(c)}` });

  beforeAll(async () => {
    for (const c of twins) {
      const person: PersonDoc = { _id: c, creditCode: c, name: '双生试样', gender: 'MALE', birthDate: '1979-04-04', phone: '13900000000', address: '试样路2号', occupations: [] };
      const { listing, loan } = refs(c);
      const entry: SanctionEntryDoc = {
        _id: listing, ref: listing, list: 'DISHONEST_JUDGMENT_DEBTOR', subject: c, subjectKind: 'PERSON', subjectName: '双生试样', authority: '苏州市中级人民法院',
        basis: '有履行能力而拒不履行', obligation: '偿还货款 10,000 元', severity: 'SERIOUS', decidedAt: '2026-06-01', displayUntil: null, status: 'ACTIVE', measures: ['HIGH_CONSUMPTION'],
      };
      const d: FinancialDefaultDoc = {
        _id: loan, ref: loan, subject: c, lender: '测试银行', product: '消费贷款', overdueAmount: 1000, overdueSince: '2026-05-01', repayment: 'OVERDUE',
        authority: '测试银行', severity: 'SERIOUS', decidedAt: '2026-05-01', status: 'ACTIVE',
      };
      await t.store.collection('persons').insertOne(person);
      await t.store.collection('sanctionEntries').insertOne(entry);
      await t.store.collection('financialDefaults').insertOne(d);
    }
    const c = twins[0]!;
    const stated = (factRef: string): StatementDoc => ({ _id: `${c}:${factRef}`, subject: c, factRef, text: '双生声明', madeAt: '2026-11-01', updatedAt: '2026-11-20', version: 3 });
    await t.store.collection('statements').insertMany([stated(refs(c).listing), stated(refs(c).loan)]);
  });

  const ALL = /* GraphQL */ `
    query ($c: ID!, $r: ID!) {
      person(creditCode: $c) {
        name maskedId
        financialDefaults { ref status statement { factRef text madeAt updatedAt version } corrections { field value } }
        sanctions { courtListed courtListings { ref subjectName subjectMaskedId authority caseNumber basis status dispute { status } statement { factRef text madeAt updatedAt version } corrections { field } } }
      }
      sanctionEntry(ref: $r) { ref authority statement { text version } }
    }
  `;

  it('answers alike, byte for byte, whether or not the subject wrote statements', async () => {
    let compared = 0;
    for (const asker of ASKERS) {
      const viewer = askerViewer(asker);
      if (decide(viewer, { code: twins[0]!, kind: 'PERSON' }, 'COURT_LIST', 'FULL').allowed) continue;
      const answers = await Promise.all(
        twins.map(async (c) => {
          const res = await t.query(asker, ALL, { c, r: refs(c).listing });
          const { requestId: _id, ...ext } = res.extensions ?? {};
          let text = JSON.stringify({ data: res.data, errors: res.errors, extensions: ext });
          for (const id of [refs(c).listing, refs(c).loan, c, maskCitizenId(c)]) text = text.split(id).join('<ID>');
          return text;
        }),
      );
      expect(answers[0], asker).toBe(answers[1]);
      expect(answers[0]).not.toContain('双生声明');
      compared++;
    }
    // the developer, the employer, the platform and the bank without consent, and another person
    expect(compared).toBeGreaterThanOrEqual(5);
    // and the regulator, who may, sees the one and not the other
    const [a, b] = await Promise.all(twins.map((c) => t.query('regulator-jiangsu-credit', ALL, { c, r: refs(c).listing })));
    expect(a!.data.person.sanctions.courtListings[0].statement).toEqual({ factRef: refs(twins[0]!).listing, text: '双生声明', madeAt: '2026-11-01', updatedAt: '2026-11-20', version: 3 });
    expect(b!.data.person.sanctions.courtListings[0].statement).toBeNull();
  });
});
