/**
 * Tier 1, the sanctions subgraph alone, in-process over the showcase: each list entry is decided
 * under its list's fact class (domain.md section 5), the court list in part public; entries live
 * within their display period and are hidden once repaired, removed or expired (section 6); joint
 * measures reach a listed organisation's legal representative, and are shown exactly when the
 * listing that imposes them is, with the closed classes named whatever the subject's listings
 * (section 7); screening reveals no more than reading; court-list removal is a regulator's, and
 * recorded; every answer that reveals a person's listing is audited (section 8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanctions } from '../../subgraphs/sanctions/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { TODAY } from '../support/today.ts';
import {
  ask,
  CONSENT,
  changeRecordOf,
  dataOf,
  deniedAt,
  denials,
  recordsOf,
  refusal,
  showcaseStore,
  start,
  viewers,
  type Running,
  王建国,
  李梅,
  张伟,
  陈静,
  刘洋,
  赵磊,
  孙丽,
  周强,
  吴刚,
  诚达物流,
  速达快递,
} from './harness.ts';

const 李梅_LISTING = '(2025)苏01执1234号';
const 赵磊_TAX = '苏税稽罚〔2019〕88号';
const 孙丽_PENALTY = '宁市监罚〔2024〕301号';
const 周强_PENALTY = '盐交罚〔2026〕555号';
const 速达_BLACKLISTING = '苏邮管黑〔2026〕2号';
const 刘洋_BLACKLISTING = '云集黑〔2026〕0042号';

const ALL_CLASSES = ['COURT_LIST', 'TAX_VIOLATION', 'ADMIN_PENALTY', 'ECOMMERCE', 'COURIER'];

const person = (creditCode: string) => ({ __typename: 'Person', creditCode });
const enterprise = (creditCode: string) => ({ __typename: 'Enterprise', creditCode });

/** `selection` on each Person and Enterprise representation. */
const entities = (selection: string) => /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
  ... on Person { creditCode ${selection} }
  ... on Enterprise { creditCode ${selection} } } }`;

const COURT = entities(`sanctions { courtListed courtListings { ref subjectName subjectMaskedId authority caseNumber basis obligation listedAt displayUntil severity status measures removedAt } }`);

const 李梅_IN_FULL = {
  ref: 李梅_LISTING,
  subjectName: '李梅',
  subjectMaskedId: '320102********1629',
  authority: '南京市中级人民法院',
  caseNumber: 李梅_LISTING,
  basis: '有履行能力而拒不履行生效法律文书确定义务',
  obligation: '偿还借款本息 412,000 元',
  listedAt: '2025-03-18',
  // refusing to perform: no fixed term, ends only by removal
  displayUntil: null,
  severity: 'SERIOUS',
  status: 'ACTIVE',
  measures: ['HIGH_CONSUMPTION', 'AIR_TRAVEL', 'HIGH_SPEED_RAIL', 'CIVIL_SERVICE_HIRING'],
  removedAt: null,
};
/** What the PUBLIC column allows of a court listing: name, masked ID, court, case number. */
const 李梅_PUBLIC = {
  ...李梅_IN_FULL,
  basis: null,
  obligation: null,
  listedAt: null,
  displayUntil: null,
  severity: null,
  status: null,
  measures: null,
  removedAt: null,
};
const NOT_PUBLIC_FIELDS = ['basis', 'obligation', 'listedAt', 'displayUntil', 'severity', 'status', 'measures', 'removedAt'];

let store: Store;
let subgraph: Running;
beforeAll(async () => {
  store = await showcaseStore();
  subgraph = await start(sanctions, store);
});
afterAll(() => subgraph?.stop());

describe('the court list of dishonest judgment debtors: in part public', () => {
  it('a regulator and the listed person read the listing in full', async () => {
    for (const viewer of [viewers.regulator, viewers.self(李梅)]) {
      const res = await ask(subgraph, viewer, COURT, { r: [person(李梅)] });
      expect(dataOf(res)._entities).toEqual([{ creditCode: 李梅, sanctions: { courtListed: true, courtListings: [李梅_IN_FULL] } }]);
    }
  });

  it('a developer reads name, masked ID, court and case number, not even the yes/no flag; and a public read is not audited', async () => {
    const res = await ask(subgraph, viewers.developer, COURT, { r: [person(李梅)] });
    expect(res.data._entities).toEqual([{ creditCode: 李梅, sanctions: { courtListed: null, courtListings: [李梅_PUBLIC] } }]);
    expect(denials(res)).toEqual([
      ['_entities.0.sanctions.courtListed', 'Sanctions.courtListed', 'PURPOSE'],
      ...NOT_PUBLIC_FIELDS.map((f) => [`_entities.0.sanctions.courtListings.0.${f}`, `SanctionEntry.${f}`, 'PURPOSE']),
    ]);
    expect(deniedAt(res, '_entities', 0, 'sanctions', 'courtListings', 0, 'basis')).toEqual({
      code: 'FORBIDDEN',
      field: 'SanctionEntry.basis',
      class: 'COURT_LIST',
      purpose: 'PUBLIC',
      reason: 'PURPOSE',
      count: 1,
    });
    expect(JSON.stringify(res.errors)).not.toContain('412,000');

    const publicOnly = await ask(subgraph, viewers.developer, entities('sanctions { courtListings { subjectName subjectMaskedId authority caseNumber } }'), { r: [person(李梅)] });
    expect(dataOf(publicOnly)._entities[0].sanctions.courtListings).toEqual([{ subjectName: '李梅', subjectMaskedId: '320102********1629', authority: '南京市中级人民法院', caseNumber: 李梅_LISTING }]);
    expect(await recordsOf(store, publicOnly)).toEqual([]);
  });

  it('a bank or an employer without consent reads what is public; the rest is NO_CONSENT where its own column would open it', async () => {
    const bank = await ask(subgraph, viewers.bank, COURT, { r: [person(李梅)] });
    expect(bank.data._entities[0].sanctions).toEqual({ courtListed: null, courtListings: [李梅_PUBLIC] });
    expect(new Set(denials(bank).map((d) => d[2]))).toEqual(new Set(['NO_CONSENT']));

    const employer = await ask(subgraph, viewers.employer, COURT, { r: [person(李梅)] });
    expect(employer.data._entities[0].sanctions).toEqual({ courtListed: null, courtListings: [李梅_PUBLIC] });
    // an employer's column opens the flag, the court and the case number only
    expect(deniedAt(employer, '_entities', 0, 'sanctions', 'courtListed').reason).toBe('NO_CONSENT');
    expect(deniedAt(employer, '_entities', 0, 'sanctions', 'courtListings', 0, 'basis').reason).toBe('PURPOSE');
  });

  it('records a regulator’s read of the listing in 李梅’s audit record', async () => {
    const res = await ask(subgraph, viewers.regulator, COURT, { r: [person(李梅)] });
    const records = await recordsOf(store, res);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ subgraph: 'sanctions', client: 'regulator-jiangsu-credit', subjects: [李梅], consents: [null], classes: ['COURT_LIST'], denied: [] });
  });
});

describe("the other lists, each under its own class", () => {
  const LISTS = entities(`sanctions {
    taxViolationListed taxViolations { ref status displayUntil }
    administrativePenalties { ref status displayUntil dispute { objectionRef filedAt dueAt status resolvedAt outcome } }
    ecommerceBlacklist { ref measures displayUntil status }
    courierBlacklist { ref measures displayUntil status } }`);
  const one = async (viewer: Viewer, code: string, kind: 'Person' | 'Enterprise' = 'Person') => ask(subgraph, viewer, LISTS, { r: [{ __typename: kind, creditCode: code }] });

  it("赵磊's tax listing is past its display period: shown to him alone, and not listed today, even for him", async () => {
    expect(dataOf(await one(viewers.regulator, 赵磊))._entities[0].sanctions).toMatchObject({ taxViolationListed: false, taxViolations: [] });
    expect(dataOf(await one(viewers.self(赵磊), 赵磊))._entities[0].sanctions).toMatchObject({
      taxViolationListed: false,
      taxViolations: [{ ref: 赵磊_TAX, status: 'EXPIRED', displayUntil: '2022-05-06' }],
    });
  });

  it("孙丽's repaired penalty is shown to her alone", async () => {
    expect(dataOf(await one(viewers.regulator, 孙丽))._entities[0].sanctions.administrativePenalties).toEqual([]);
    expect(dataOf(await one(viewers.self(孙丽), 孙丽))._entities[0].sanctions.administrativePenalties).toEqual([
      { ref: 孙丽_PENALTY, status: 'REPAIRED', displayUntil: '2025-07-15', dispute: null },
    ]);
  });

  it("周强's disputed penalty carries its dispute flag for whoever may see it; a person's penalty is nobody else's", async () => {
    const flagged = [
      {
        ref: 周强_PENALTY,
        status: 'UNDER_OBJECTION',
        displayUntil: '2027-08-08',
        dispute: { objectionRef: 'OBJ-2026-0193', filedAt: '2026-11-20', dueAt: '2026-12-10', status: 'UNDER_REVIEW', resolvedAt: null, outcome: null },
      },
    ];
    for (const viewer of [viewers.regulator, viewers.self(周强)]) {
      expect(dataOf(await one(viewer, 周强))._entities[0].sanctions.administrativePenalties).toEqual(flagged);
    }
    const bank = await one(viewers.bank, 周强);
    expect(bank.data._entities[0].sanctions.administrativePenalties).toBeNull();
    expect(deniedAt(bank, '_entities', 0, 'sanctions', 'administrativePenalties')).toMatchObject({ class: 'ADMIN_PENALTY', reason: 'NO_CONSENT' });
    const developer = await one(viewers.developer, 周强);
    expect(deniedAt(developer, '_entities', 0, 'sanctions', 'administrativePenalties').reason).toBe('PURPOSE');
    expect(JSON.stringify([bank, developer])).not.toContain('OBJ-2026-0193');
  });

  it("刘洋's e-commerce black listing: the platform he consented to sees it; a bank, an employer or a developer never", async () => {
    const platform = await one(viewers.platform, 刘洋);
    // a platform reads tax listings as a yes/no flag only, and no person's courier file
    expect(denials(platform)).toEqual([
      ['_entities.0.sanctions.taxViolations', 'Sanctions.taxViolations', 'PURPOSE'],
      ['_entities.0.sanctions.courierBlacklist', 'Sanctions.courierBlacklist', 'PURPOSE'],
    ]);
    expect(platform.data._entities[0].sanctions).toMatchObject({ taxViolationListed: false, administrativePenalties: [] });
    expect(platform.data._entities[0].sanctions.ecommerceBlacklist).toEqual([
      { ref: 刘洋_BLACKLISTING, measures: ['PLATFORM_ENTRY'], displayUntil: '2027-03-02', status: 'ACTIVE' },
    ]);
    // a lender's column opens a rating, a complaint count and a violation flag of the e-commerce row, never the list; an employer's nothing of it
    for (const viewer of [viewers.bank, viewers.employer, viewers.developer]) {
      expect(deniedAt(await one(viewer, 刘洋), '_entities', 0, 'sanctions', 'ecommerceBlacklist').reason).toBe('PURPOSE');
    }
  });

  it("an organisation's courier black listing: open to a platform and a regulator; a company's grade only to the others", async () => {
    const listing = [{ ref: 速达_BLACKLISTING, measures: ['PLATFORM_ENTRY', 'LEGAL_REPRESENTATIVE_ROLE'], displayUntil: '2029-07-15', status: 'ACTIVE' }];
    for (const viewer of [viewers.platform, viewers.regulator]) {
      expect(dataOf(await one(viewer, 速达快递, 'Enterprise'))._entities[0].sanctions.courierBlacklist).toEqual(listing);
    }
    for (const viewer of [viewers.developer, viewers.bank, viewers.employer]) {
      const res = await one(viewer, 速达快递, 'Enterprise');
      expect(res.data._entities[0].sanctions.courierBlacklist).toBeNull();
      expect(deniedAt(res, '_entities', 0, 'sanctions', 'courierBlacklist')).toMatchObject({ class: 'COURIER', reason: 'PURPOSE' });
    }
  });

  it('red-list honours are public, for persons and organisations alike, and reading them is not audited', async () => {
    const res = await ask(subgraph, viewers.developer, entities('redList { ref honor authority listedAt displayUntil }'), { r: [person(王建国), enterprise(诚达物流), person(李梅)] });
    expect(dataOf(res)._entities).toEqual([
      { creditCode: 王建国, redList: [{ ref: '宁信红〔2025〕66号', honor: '2025年度南京市诚信市民', authority: '南京市文明办', listedAt: '2025-12-01', displayUntil: '2028-12-01' }] },
      { creditCode: 诚达物流, redList: [{ ref: '苏邮管红〔2025〕5号', honor: '江苏省诚信快递企业', authority: '江苏省邮政管理局', listedAt: '2025-10-10', displayUntil: '2027-10-10' }] },
      { creditCode: 李梅, redList: [] },
    ]);
    expect(await recordsOf(store, res)).toEqual([]);
  });
});

describe('the life of list entries (facts added to the showcase)', () => {
  let own: Store;
  let sub: Running;
  const entry = (ref: string, list: 'SERIOUS_DISHONESTY' | 'ADMINISTRATIVE_PENALTY' | 'DISHONEST_JUDGMENT_DEBTOR', subject: string, subjectName: string, severity: 'MINOR' | 'GENERAL' | 'SERIOUS', decidedAt: string, displayUntil?: string) => ({
    _id: ref,
    ref,
    list,
    subject,
    subjectKind: 'PERSON' as const,
    subjectName,
    authority: '江苏省发展和改革委员会',
    basis: '拒不履行信用承诺',
    severity,
    decidedAt,
    status: 'ACTIVE' as const,
    measures: ['CIVIL_SERVICE_HIRING' as const],
    ...(displayUntil ? { displayUntil } : {}),
  });
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(sanctions, own);
    await own.collection('sanctionEntries').insertMany([
      // 陈静 has consented to the employer
      entry('苏发改失信〔2025〕7号', 'SERIOUS_DISHONESTY', 陈静, '陈静', 'SERIOUS', '2025-06-01', '2028-06-01'),
      // 王建国 has consented to the bank: a penalty stored for longer than a GENERAL fact may show, and a MINOR one
      entry('宁发改罚〔2026〕3号', 'ADMINISTRATIVE_PENALTY', 王建国, '王建国', 'GENERAL', '2026-06-01', '2028-01-01'),
      entry('宁发改罚〔2026〕8号', 'ADMINISTRATIVE_PENALTY', 王建国, '王建国', 'MINOR', '2026-11-20'),
      // 周强: fixed-term court listings, one stored without a term (2 years, so ended on 2026-06-01),
      // one stored for 6 years (a listing lasts at most 2 years extended by 3)
      entry('(2024)苏09执100号', 'DISHONEST_JUDGMENT_DEBTOR', 周强, '周强', 'SERIOUS', '2024-06-01'),
      entry('(2025)苏09执200号', 'DISHONEST_JUDGMENT_DEBTOR', 周强, '周强', 'SERIOUS', '2025-01-10', '2031-01-10'),
    ]);
    await own.collection('redList').insertOne({ _id: '宁信红〔2023〕9号', ref: '宁信红〔2023〕9号', subject: 陈静, subjectKind: 'PERSON', subjectName: '陈静', honor: '2023年度诚信市民', authority: '南京市文明办', listedAt: '2023-12-01', displayUntil: '2026-06-30' });
  });
  afterAll(() => sub?.stop());

  it('an employer with consent sees the serious-dishonesty flag, court and case number; not the basis or the measures', async () => {
    const res = await ask(sub, viewers.employer, entities('sanctions { courtListed courtListings { ref subjectName authority caseNumber basis measures } } restrictions { measure } restrictionsWithheld'), { r: [person(陈静)] });
    expect(res.data._entities).toEqual([
      {
        creditCode: 陈静,
        sanctions: { courtListed: true, courtListings: [{ ref: '苏发改失信〔2025〕7号', subjectName: '陈静', authority: '江苏省发展和改革委员会', caseNumber: '苏发改失信〔2025〕7号', basis: null, measures: null }] },
        // the measures are shown exactly when the listing is shown in full
        restrictions: [],
        restrictionsWithheld: ALL_CLASSES,
      },
    ]);
    expect(denials(res)).toEqual([
      ['_entities.0.sanctions.courtListings.0.basis', 'SanctionEntry.basis', 'PURPOSE'],
      ['_entities.0.sanctions.courtListings.0.measures', 'SanctionEntry.measures', 'PURPOSE'],
    ]);
    const records = await recordsOf(own, res);
    expect(records.map((r) => ({ subjects: r.subjects, consents: r.consents, classes: r.classes, denied: r.denied }))).toEqual([
      { subjects: [陈静], consents: [CONSENT.陈静_employer], classes: ['COURT_LIST'], denied: ['SanctionEntry.basis', 'SanctionEntry.measures'] },
    ]);
  });

  it('a stored display date never extends a fact past its maximum; a MINOR fact is never shown', async () => {
    const res = await ask(sub, viewers.bank, entities('sanctions { administrativePenalties { ref displayUntil status } }'), { r: [person(王建国)] });
    expect(dataOf(res)._entities[0].sanctions.administrativePenalties).toEqual([{ ref: '宁发改罚〔2026〕3号', displayUntil: '2027-06-01', status: 'ACTIVE' }]);
    const self = await ask(sub, viewers.self(王建国), entities('sanctions { administrativePenalties { ref displayUntil status } }'), { r: [person(王建国)] });
    expect(dataOf(self)._entities[0].sanctions.administrativePenalties).toEqual([
      { ref: '宁发改罚〔2026〕8号', displayUntil: '2026-11-19', status: 'EXPIRED' },
      { ref: '宁发改罚〔2026〕3号', displayUntil: '2027-06-01', status: 'ACTIVE' },
    ]);
  });

  it('a fixed-term court listing lasts 2 years unless its issuer set a term, and at most 5', async () => {
    const Q = entities('sanctions { courtListed courtListings { ref displayUntil status } }');
    expect(dataOf(await ask(sub, viewers.regulator, Q, { r: [person(周强)] }))._entities[0].sanctions).toEqual({
      courtListed: true,
      courtListings: [{ ref: '(2025)苏09执200号', displayUntil: '2030-01-10', status: 'ACTIVE' }],
    });
    expect(dataOf(await ask(sub, viewers.self(周强), Q, { r: [person(周强)] }))._entities[0].sanctions.courtListings).toEqual([
      { ref: '(2025)苏09执200号', displayUntil: '2030-01-10', status: 'ACTIVE' },
      { ref: '(2024)苏09执100号', displayUntil: '2026-06-01', status: 'EXPIRED' },
    ]);
  });

  it('a red-list honour past its display date is not shown', async () => {
    expect(dataOf(await ask(sub, viewers.regulator, entities('redList { ref }'), { r: [person(陈静)] }))._entities[0].redList).toEqual([]);
  });
});

describe('sanctionEntry(ref): an entry the asker may not see is answered like one that does not exist', () => {
  const ENTRY = /* GraphQL */ `query ($ref: ID!) { sanctionEntry(ref: $ref) { ref list subjectName subjectMaskedId authority caseNumber status } }`;

  it('a developer reads the public part of a court listing; a regulator all of it', async () => {
    const res = await ask(subgraph, viewers.developer, ENTRY, { ref: 李梅_LISTING });
    expect(res.data.sanctionEntry).toEqual({ ref: 李梅_LISTING, list: 'DISHONEST_JUDGMENT_DEBTOR', subjectName: '李梅', subjectMaskedId: '320102********1629', authority: '南京市中级人民法院', caseNumber: 李梅_LISTING, status: null });
    expect(denials(res)).toEqual([['sanctionEntry.status', 'SanctionEntry.status', 'PURPOSE']]);
    expect(dataOf(await ask(subgraph, viewers.regulator, ENTRY, { ref: 李梅_LISTING })).sanctionEntry.status).toBe('ACTIVE');
  });

  const unseeable: [string, Viewer, string][] = [
    ['a repaired penalty, to a regulator', viewers.regulator, 孙丽_PENALTY],
    ['an expired tax listing, to a regulator', viewers.regulator, 赵磊_TAX],
    ["a person's penalty, to a bank without consent", viewers.bank, 周强_PENALTY],
    ["a person's penalty, to a developer", viewers.developer, 周强_PENALTY],
    ["a person's e-commerce black listing, to a developer", viewers.developer, 刘洋_BLACKLISTING],
    ["a person's listing, to another person", viewers.self(张伟), 周强_PENALTY],
  ];
  it.each(unseeable)('%s', async (_, viewer, ref) => {
    const seen = await ask(subgraph, viewer, ENTRY, { ref });
    const missing = await ask(subgraph, viewer, ENTRY, { ref: 'NO-SUCH-REF' });
    expect(missing.data).toEqual({ sanctionEntry: null });
    expect(missing.errors).toBeUndefined();
    expect({ data: seen.data, errors: seen.errors }).toEqual({ data: missing.data, errors: missing.errors });
  });

  // A developer's, a lender's or an employer's column opens a courier company's grade only (and a
  // lender's its complaint rate), never its courier black listing (matrix, courier row): the
  // entry must answer like a ref that does not exist (domain.md section 5, "Unknown and unseeable
  // are the same"), though its class opens a form (COMPANY_GRADE) that no field of an entry has.
  it.each([
    ['a developer', viewers.developer],
    ['a bank', viewers.bank],
    ['an employer', viewers.employer],
  ])("an organisation's courier black listing, to %s", async (_, viewer) => {
    const seen = await ask(subgraph, viewer, ENTRY, { ref: 速达_BLACKLISTING });
    expect({ data: seen.data, errors: seen.errors }).toEqual({ data: { sanctionEntry: null }, errors: undefined });
  });

  it("the subject sees their own entries, whatever their status", async () => {
    const cases: [string, string, string][] = [
      [孙丽, 孙丽_PENALTY, 'REPAIRED'],
      [赵磊, 赵磊_TAX, 'EXPIRED'],
      [周强, 周强_PENALTY, 'UNDER_OBJECTION'],
    ];
    for (const [subject, ref, status] of cases) {
      expect(dataOf(await ask(subgraph, viewers.self(subject), ENTRY, { ref })).sanctionEntry, ref).toMatchObject({ ref, status });
    }
  });

  it('_entities resolves entries by ref under the same rule', async () => {
    const res = await ask(subgraph, viewers.developer, /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on SanctionEntry { ref list subjectName } } }`, {
      r: [
        { __typename: 'SanctionEntry', ref: 李梅_LISTING },
        { __typename: 'SanctionEntry', ref: 孙丽_PENALTY },
        { __typename: 'SanctionEntry', ref: 'NO-SUCH-REF' },
      ],
    });
    expect(dataOf(res)._entities).toEqual([{ ref: 李梅_LISTING, list: 'DISHONEST_JUDGMENT_DEBTOR', subjectName: '李梅' }, null, null]);
  });

  it.each(['', '   ', 'R'.repeat(81)])('sanctionEntry(ref: %j) is BAD_USER_INPUT', async (ref) => {
    const res = await ask(subgraph, viewers.regulator, ENTRY, { ref });
    expect(res.data).toEqual({ sanctionEntry: null });
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', message: 'ref must be a document or case number of 1 to 80 characters.', extensions: { code: 'BAD_USER_INPUT', argument: 'ref' } });
  });
});

describe('joint measures: restrictions and restrictionsWithheld', () => {
  const RESTRICTIONS = entities('restrictions { measure basis since listing { ref list } organisation { creditCode } } restrictionsWithheld');
  const 吴刚_MEASURES = ['PLATFORM_ENTRY', 'LEGAL_REPRESENTATIVE_ROLE'].map((measure) => ({
    measure,
    basis: 'LEGAL_REPRESENTATIVE',
    since: '2026-07-15',
    listing: { ref: 速达_BLACKLISTING, list: 'COURIER_BLACKLIST' },
    organisation: { creditCode: 速达快递 },
  }));

  it("the courier black listing of 无锡速达 reaches 吴刚, its legal representative, naming the listing: for him and for a regulator; recorded", async () => {
    for (const viewer of [viewers.self(吴刚), viewers.regulator]) {
      const res = await ask(subgraph, viewer, RESTRICTIONS, { r: [person(吴刚)] });
      expect(dataOf(res)._entities).toEqual([{ creditCode: 吴刚, restrictions: 吴刚_MEASURES, restrictionsWithheld: [] }]);
      const [record] = await recordsOf(store, res);
      expect(record).toMatchObject({ subjects: [吴刚], classes: ['COURIER', 'IDENTITY'], denied: [] });
    }
  });

  it("a person's own listing restricts them: 李梅's court listing", async () => {
    const { _entities } = dataOf(await ask(subgraph, viewers.self(李梅), RESTRICTIONS, { r: [person(李梅)] }));
    expect(_entities[0].restrictions).toEqual(
      ['HIGH_CONSUMPTION', 'AIR_TRAVEL', 'HIGH_SPEED_RAIL', 'CIVIL_SERVICE_HIRING'].map((measure) => ({
        measure,
        basis: 'OWN_LISTING',
        since: '2025-03-18',
        listing: { ref: 李梅_LISTING, list: 'DISHONEST_JUDGMENT_DEBTOR' },
        organisation: null,
      })),
    );
  });

  it('an expired listing restricts nobody, not even in the subject’s own view', async () => {
    for (const viewer of [viewers.regulator, viewers.self(赵磊)]) {
      expect(dataOf(await ask(subgraph, viewer, RESTRICTIONS, { r: [person(赵磊)] }))._entities[0].restrictions).toEqual([]);
    }
  });

  it.each([
    ['a developer', viewers.developer],
    ['a bank without consent', viewers.bank],
    ["another person's own token", viewers.self(张伟)],
  ])('%s gets the same answer for 吴刚 (restricted), 李梅 (listed) and 陈静 (neither): nothing, and every class named', async (_, viewer) => {
    const res = await ask(subgraph, viewer, RESTRICTIONS, { r: [person(吴刚), person(李梅), person(陈静)] });
    expect(dataOf(res)._entities).toEqual([吴刚, 李梅, 陈静].map((creditCode) => ({ creditCode, restrictions: [], restrictionsWithheld: ALL_CLASSES })));
  });

  it('a bank with consent sees the classes it may read in full, and is told which it may not', async () => {
    const res = await ask(subgraph, viewers.bank, RESTRICTIONS, { r: [person(王建国)] });
    expect(dataOf(res)._entities).toEqual([{ creditCode: 王建国, restrictions: [], restrictionsWithheld: ['ECOMMERCE', 'COURIER'] }]);
  });

  it('a platform with consent sees 刘洋’s own e-commerce measure; measures through roles stay closed to it, as it may not see his full identity', async () => {
    const res = await ask(subgraph, viewers.platform, RESTRICTIONS, { r: [person(刘洋)] });
    expect(dataOf(res)._entities).toEqual([
      {
        creditCode: 刘洋,
        restrictions: [{ measure: 'PLATFORM_ENTRY', basis: 'OWN_LISTING', since: '2026-03-02', listing: { ref: 刘洋_BLACKLISTING, list: 'ECOMMERCE_BLACKLIST' }, organisation: null }],
        restrictionsWithheld: ALL_CLASSES,
      },
    ]);
  });

  it.each([
    ['a platform', viewers.platform, true, []],
    ['a regulator', viewers.regulator, true, []],
    ['a bank', viewers.bank, false, ['ECOMMERCE', 'COURIER']],
    ['a developer', viewers.developer, false, ['COURT_LIST', 'ECOMMERCE', 'COURIER']],
  ])("an organisation's own measures, to %s", async (_, viewer, shown, withheld) => {
    const res = await ask(subgraph, viewer, entities('restrictions { measure basis organisation { creditCode } } restrictionsWithheld'), { r: [enterprise(速达快递), enterprise(诚达物流)] });
    const measures = shown ? ['PLATFORM_ENTRY', 'LEGAL_REPRESENTATIVE_ROLE'].map((measure) => ({ measure, basis: 'OWN_LISTING', organisation: null })) : [];
    expect(dataOf(res)._entities).toEqual([
      { creditCode: 速达快递, restrictions: measures, restrictionsWithheld: withheld },
      { creditCode: 诚达物流, restrictions: [], restrictionsWithheld: withheld },
    ]);
  });
});

describe('screening', () => {
  const SCREEN = /* GraphQL */ `query ($s: [ScreenInput!]!, $t: Float) { screen(subjects: $s, threshold: $t) { name creditCode hits { list ref matchedName score matchKeys status entry { ref authority } } } }`;
  const screen = (viewer: Viewer, s: unknown[], t?: number) => ask(subgraph, viewer, SCREEN, { s, t });
  const 李梅_HIT = { list: 'DISHONEST_JUDGMENT_DEBTOR', ref: 李梅_LISTING, matchedName: '李梅', entry: { ref: 李梅_LISTING, authority: '南京市中级人民法院' } };

  it("confirms a person by an exact citizen ID only for an asker who may see that person's full ID", async () => {
    for (const viewer of [viewers.regulator, viewers.self(李梅)]) {
      const { screen: [r] } = dataOf(await screen(viewer, [{ name: '李梅', creditCode: 李梅 }]));
      expect(r.hits).toEqual([{ ...李梅_HIT, score: 1, status: 'CONFIRMED', matchKeys: ['CREDIT_CODE', 'NAME', 'PINYIN', 'BIRTH_DATE'] }]);
    }
    // the code confirms even when the name is another
    const { screen: [other] } = dataOf(await screen(viewers.regulator, [{ name: '张三', creditCode: 李梅 }]));
    expect(other.hits).toEqual([{ ...李梅_HIT, score: 1, status: 'CONFIRMED', matchKeys: ['CREDIT_CODE', 'BIRTH_DATE'] }]);
  });

  it.each([
    ['a developer', viewers.developer],
    ['a bank without her consent', viewers.bank],
    ["another person's own token", viewers.self(王建国)],
  ])("downgrades the hit for %s to what the name alone gives: the code and birth date are ignored", async (_, viewer) => {
    const res = await screen(viewer, [
      { name: '李梅', creditCode: 李梅 },
      { name: '李梅', birthDate: '1985-09-23' },
      { name: '李梅' },
      { name: '张三', creditCode: 李梅 },
      { name: '张三', creditCode: 王建国 },
    ]);
    const nameOnly = { ...李梅_HIT, score: 1, status: 'POTENTIAL', matchKeys: ['NAME', 'PINYIN'] };
    expect(dataOf(res).screen.map((r: any) => r.hits)).toEqual([[nameOnly], [nameOnly], [nameOnly], [], []]);
  });

  it('an organisation code is public: an exact match confirms for every asker who may see the listing', async () => {
    const { screen: [r] } = dataOf(await screen(viewers.platform, [{ name: '速达', creditCode: 速达快递 }]));
    expect(r.hits[0]).toMatchObject({ list: 'COURIER_BLACKLIST', ref: 速达_BLACKLISTING, matchedName: '无锡速达快递有限公司', score: 1, status: 'CONFIRMED' });
    expect(r.hits[0].matchKeys).toContain('CREDIT_CODE');
  });

  it('leaves out hits on lists the asker may not see at all, and entries no longer shown', async () => {
    // a lender and a developer see a courier company's grade, not its black listing; nobody but 刘洋's platform sees his
    for (const viewer of [viewers.bank, viewers.developer]) {
      const res = await screen(viewer, [{ name: '无锡速达快递有限公司', creditCode: 速达快递 }, { name: '刘洋' }]);
      expect(dataOf(res).screen.map((r: any) => r.hits)).toEqual([[], []]);
    }
    const platform = dataOf(await screen(viewers.platform, [{ name: '刘洋' }])).screen[0].hits;
    expect(platform).toEqual([{ list: 'ECOMMERCE_BLACKLIST', ref: 刘洋_BLACKLISTING, matchedName: '刘洋', score: 1, matchKeys: ['NAME', 'PINYIN'], status: 'POTENTIAL', entry: { ref: 刘洋_BLACKLISTING, authority: '江苏云集网络科技有限公司' } }]);
    // expired (赵磊) and repaired (孙丽): not even a regulator gets a hit
    const regulator = dataOf(await screen(viewers.regulator, [{ name: '赵磊', creditCode: 赵磊 }, { name: '孙丽', creditCode: 孙丽 }])).screen;
    expect(regulator.map((r: any) => r.hits)).toEqual([[], []]);
  });

  it('writes the audit record of every person whose listing a hit reveals, under the consent it was revealed under', async () => {
    const res = await screen(viewers.platform, [{ name: '刘洋' }, { name: '王建国' }]);
    expect(dataOf(res).screen[1].hits).toEqual([]);
    // the call's own record (anomaly report: screening bursts) names no subject
    const records = (await recordsOf(store, res)).filter((r) => r.subjects.length > 0);
    expect(records.map((r) => ({ subgraph: r.subgraph, client: r.client, subjects: r.subjects, consents: r.consents, classes: r.classes }))).toEqual([
      { subgraph: 'sanctions', client: 'platform-yunji', subjects: [刘洋], consents: [CONSENT.刘洋_platform], classes: ['ECOMMERCE'] },
    ]);
  });

  it('takes 1 to 1,000 subjects', async () => {
    expect(refusal(await screen(viewers.bank, []))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'screen takes 1 to 1000 subjects per call; this call has 0. Split the batch.',
      extensions: { code: 'BAD_USER_INPUT', argument: 'subjects' },
    });
    const tooMany = refusal(await screen(viewers.bank, Array.from({ length: 1001 }, (_, i) => ({ name: `测试${i}` }))));
    expect(tooMany.message).toBe('screen takes 1 to 1000 subjects per call; this call has 1001. Split the batch.');
  });

  it.each([
    [[{ name: '  ' }], undefined, 'subjects[0].name', 'subjects[0].name must be 1 to 100 characters.'],
    [[{ name: '王' }, { name: '名'.repeat(101) }], undefined, 'subjects[1].name', 'subjects[1].name must be 1 to 100 characters.'],
    [[{ name: '李梅', birthDate: '1985-13-01' }], undefined, 'subjects[0].birthDate', 'subjects[0].birthDate "1985-13-01" is not a date: use YYYY-MM-DD.'],
    [[{ name: '李梅' }], 0.5, 'threshold', 'threshold must be from 0.8 to 1 (the default is 0.93).'],
    [[{ name: '李梅' }], 1.01, 'threshold', 'threshold must be from 0.8 to 1 (the default is 0.93).'],
  ])('refuses %j (threshold %s) with BAD_USER_INPUT on %s', async (subjects, threshold, argument, message) => {
    expect(refusal(await screen(viewers.regulator, subjects, threshold))).toEqual({ code: 'BAD_USER_INPUT', message, extensions: { code: 'BAD_USER_INPUT', argument } });
  });

  it('refuses an invalid credit code, naming the problem and its position in the batch', async () => {
    const bad = showcase.invalidIdentifiers;
    const e = refusal(await screen(viewers.regulator, [{ name: '王' }, { name: '王', creditCode: bad.usccForbiddenLetter }]));
    expect(e).toEqual({
      code: 'BAD_USER_INPUT',
      message: `Invalid credit code "${bad.usccForbiddenLetter}" at subjects[1]: letter O (character 17) is not allowed in a unified social credit code (I, O, S, V and Z never appear).`,
      extensions: { code: 'BAD_USER_INPUT', argument: 'subjects[1].creditCode', problem: 'CHARSET' },
    });
    const date = refusal(await screen(viewers.regulator, [{ name: '李梅', creditCode: bad.citizenIdBadCheckDigit }]));
    expect(date.message).toBe(`Invalid credit code "${bad.citizenIdBadCheckDigit}" at subjects[0]: check digit should be 9.`);
  });
});

describe('court-list removal', () => {
  let own: Store;
  let sub: Running;
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(sanctions, own);
  });
  afterAll(() => sub?.stop());

  const REMOVE = /* GraphQL */ `mutation ($ref: ID!, $on: String!) { removeFromCourtList(ref: $ref, performedAt: $on) { ref status removedAt displayUntil } }`;
  const remove = (viewer: Viewer, ref: string, on: string) => ask(sub, viewer, REMOVE, { ref, on });

  it.each([
    ['a bank', viewers.bank],
    ['a developer', viewers.developer],
    ['the listed person', viewers.self(李梅)],
  ])('is refused to %s', async (_, viewer) => {
    const res = await remove(viewer, 李梅_LISTING, '2026-11-25');
    expect(res.data).toEqual({ removeFromCourtList: null });
    expect(refusal(res)).toEqual({
      code: 'FORBIDDEN',
      message: 'removeFromCourtList is for a regulator acting under SUPERVISION only.',
      extensions: { code: 'FORBIDDEN', action: 'removeFromCourtList', reason: 'ROLE' },
    });
    expect(await recordsOf(own, res)).toEqual([]);
  });

  it.each([
    [李梅_LISTING, '2026-11-28', 'performedAt', `performedAt "2026-11-28" must be a date (YYYY-MM-DD) not after today (${TODAY}).`],
    [李梅_LISTING, '2026/11/25', 'performedAt', `performedAt "2026/11/25" must be a date (YYYY-MM-DD) not after today (${TODAY}).`],
    [李梅_LISTING, '2025-03-01', 'performedAt', 'performedAt 2025-03-01 is before the listing (2025-03-18).'],
    ['(2026)苏01执9999号', '2026-11-25', 'ref', 'No list entry "(2026)苏01执9999号".'],
    [速达_BLACKLISTING, '2026-11-25', 'ref', `${速达_BLACKLISTING} is on COURIER_BLACKLIST, not a court list: only the court's list of dishonest judgment debtors is removed on performance.`],
  ])('refuses removing %s performed %s: BAD_USER_INPUT on %s', async (ref, on, argument, message) => {
    const res = await remove(viewers.regulator, ref, on);
    expect(refusal(res)).toEqual({ code: 'BAD_USER_INPUT', message, extensions: { code: 'BAD_USER_INPUT', argument } });
    expect((await own.collection('sanctionEntries').findOne({ _id: 李梅_LISTING }))!.status).toBe('ACTIVE');
  });

  it('removes the listing from publication, keeping the record: recorded; then only 李梅 sees it, and her measures stop', async () => {
    const res = await remove(viewers.regulator, 李梅_LISTING, '2026-11-25');
    expect(dataOf(res).removeFromCourtList).toEqual({ ref: 李梅_LISTING, status: 'REMOVED', removedAt: TODAY, displayUntil: null });
    const { _id, at, requestId, ...record } = await changeRecordOf(own, res);
    expect(record).toEqual({
      subgraph: 'sanctions',
      client: 'regulator-jiangsu-credit',
      clientKind: 'REGULATOR',
      purpose: 'SUPERVISION',
      subjects: [李梅],
      consents: [null],
      consentStates: [null],
      classes: ['COURT_LIST'],
      denied: [],
      action: 'removeFromCourtList',
      target: 李梅_LISTING,
    });
    expect(await own.collection('sanctionEntries').findOne({ _id: 李梅_LISTING })).toMatchObject({ status: 'REMOVED', removedAt: TODAY, performedAt: '2026-11-25' });
    // and the change waits in the monitoring outbox for whoever watches her
    expect(await own.collection('changeEvents').find({ subject: 李梅 })).toEqual([expect.objectContaining({ _id: `sanctions:${李梅_LISTING}:removed`, type: 'REMOVED', cls: 'COURT_LIST', fanOut: 'PENDING' })]);

    const LISTED = entities('sanctions { courtListed courtListings { ref status removedAt } } restrictions { measure }');
    expect(dataOf(await ask(sub, viewers.regulator, LISTED, { r: [person(李梅)] }))._entities[0]).toEqual({ creditCode: 李梅, sanctions: { courtListed: false, courtListings: [] }, restrictions: [] });
    const developer = await ask(sub, viewers.developer, entities('sanctions { courtListings { ref } }'), { r: [person(李梅)] });
    expect(dataOf(developer)._entities[0].sanctions.courtListings).toEqual([]);
    expect(dataOf(await ask(sub, viewers.self(李梅), LISTED, { r: [person(李梅)] }))._entities[0]).toEqual({
      creditCode: 李梅,
      sanctions: { courtListed: false, courtListings: [{ ref: 李梅_LISTING, status: 'REMOVED', removedAt: TODAY }] },
      restrictions: [],
    });
    const ENTRY = /* GraphQL */ `query ($ref: ID!) { sanctionEntry(ref: $ref) { ref status } }`;
    expect(dataOf(await ask(sub, viewers.developer, ENTRY, { ref: 李梅_LISTING })).sanctionEntry).toBeNull();
    expect(dataOf(await ask(sub, viewers.regulator, ENTRY, { ref: 李梅_LISTING })).sanctionEntry).toBeNull();
    const SCREEN = /* GraphQL */ `query ($s: [ScreenInput!]!) { screen(subjects: $s) { hits { ref } } }`;
    expect(dataOf(await ask(sub, viewers.regulator, SCREEN, { s: [{ name: '李梅', creditCode: 李梅 }] })).screen).toEqual([{ hits: [] }]);
  });

  it('refuses a second removal', async () => {
    expect(refusal(await remove(viewers.regulator, 李梅_LISTING, '2026-11-25')).message).toBe(`${李梅_LISTING} was already removed on ${TODAY}.`);
  });
});
