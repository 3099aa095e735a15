/**
 * Tier 1, the ecommerce subgraph alone, in-process over the showcase: a shop's name and rating
 * are public like an organisation's; its other facts are its operator's, public for an
 * organisation in rating only, and for a natural person open only under the purposes the
 * e-commerce row allows, with that person's consent (domain.md section 5); who runs a shop is
 * not public. Violations live within their display period (section 6), disputed or repaired.
 * Also: the shops of a person or an organisation, `_entities`, input checks, and the audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecommerce } from '../../subgraphs/ecommerce/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { TODAY } from '../support/today.ts';
import {
  ask,
  CONSENT,
  dataOf,
  deniedAt,
  denials,
  recordsOf,
  refusal,
  showcaseStore,
  start,
  viewers,
  type Answer,
  type Running,
  王建国,
  刘洋,
  优品电商,
  云集网络,
} from './harness.ts';

const 优品数码 = 'yunji:shop:100231';
const 刘洋小铺 = 'yunji:shop:208877';

const SHOP = /* GraphQL */ `
  query ($id: ID!) {
    merchant(id: $id) {
      id
      platform { creditCode }
      shopName
      rating
      ratingCount
      operatorName
      operatorKind
      realNameVerified
      licenseDisplayed
      complaints90d
      hasViolations
      violations { ref }
      status
    }
  }
`;

/** The denied fields of the shop, with their reasons. */
const reasonsOf = (res: Answer) => Object.fromEntries((res.errors ?? []).map((e) => [e.extensions.field, e.extensions.reason]));

const EV_2026_0042 = {
  ref: 'EV-2026-0042',
  kind: 'FAKE_ORDERS',
  what: '恶意刷单 1,204 笔',
  measure: '降低信用等级并限制流量',
  authority: '江苏云集网络科技有限公司',
  decidedAt: '2026-03-02',
  severity: 'GENERAL',
  // GENERAL: shown at most a year
  displayUntil: '2027-03-02',
};

let store: Store;
let subgraph: Running;
beforeAll(async () => {
  store = await showcaseStore();
  subgraph = await start(ecommerce, store);
});
afterAll(() => subgraph?.stop());

describe('a shop run by an organisation', () => {
  const common = { id: 优品数码, platform: { creditCode: 云集网络 }, shopName: '优品数码旗舰店', rating: 4.7, ratingCount: 15230, operatorName: '苏州优品电子商务有限公司', operatorKind: 'ORGANISATION' };

  it('a developer sees the shop, its operator, its rating and rating count; nothing else of the e-commerce row', async () => {
    const res = await ask(subgraph, viewers.developer, SHOP, { id: 优品数码 });
    expect(res.data.merchant).toEqual({ ...common, realNameVerified: null, licenseDisplayed: null, complaints90d: null, hasViolations: null, violations: null, status: null });
    expect(reasonsOf(res)).toEqual({
      'Merchant.realNameVerified': 'PURPOSE',
      'Merchant.licenseDisplayed': 'PURPOSE',
      'Merchant.complaints90d': 'PURPOSE',
      'Merchant.hasViolations': 'PURPOSE',
      'Merchant.violations': 'PURPOSE',
      'Merchant.status': 'PURPOSE',
    });
    expect(deniedAt(res, 'merchant', 'complaints90d')).toEqual({ code: 'FORBIDDEN', field: 'Merchant.complaints90d', class: 'ECOMMERCE', purpose: 'PUBLIC', reason: 'PURPOSE', count: 1 });
  });

  it('a bank sees rating, complaint count and whether there is a violation; not the violations or the status', async () => {
    const res = await ask(subgraph, viewers.bank, SHOP, { id: 优品数码 });
    expect(res.data.merchant).toEqual({ ...common, realNameVerified: null, licenseDisplayed: null, complaints90d: 12, hasViolations: false, violations: null, status: null });
    expect(reasonsOf(res)).toEqual({ 'Merchant.realNameVerified': 'PURPOSE', 'Merchant.licenseDisplayed': 'PURPOSE', 'Merchant.violations': 'PURPOSE', 'Merchant.status': 'PURPOSE' });
  });

  it('an employer sees only what is public: the rating', async () => {
    const res = await ask(subgraph, viewers.employer, SHOP, { id: 优品数码 });
    expect(res.data.merchant).toMatchObject({ rating: 4.7, ratingCount: 15230, complaints90d: null, hasViolations: null });
    expect(reasonsOf(res)['Merchant.complaints90d']).toBe('PURPOSE');
  });

  it('a platform and a regulator see the whole shop, without asking anyone’s consent', async () => {
    for (const viewer of [viewers.platform, viewers.regulator]) {
      const res = await ask(subgraph, viewer, SHOP, { id: 优品数码 });
      expect(dataOf(res).merchant).toEqual({ ...common, realNameVerified: true, licenseDisplayed: true, complaints90d: 12, hasViolations: false, violations: [], status: 'ACTIVE' });
      // an organisation's shop is no natural person's fact: nothing to audit
      expect(await recordsOf(store, res)).toEqual([]);
    }
  });

  it('links to the operating organisation for everyone', async () => {
    const res = await ask(subgraph, viewers.developer, /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { operatorEnterprise { creditCode } operatorPerson { creditCode } } }`, { id: 优品数码 });
    expect(dataOf(res).merchant).toEqual({ operatorEnterprise: { creditCode: 优品电商 }, operatorPerson: null });
  });
});

describe('a shop run by a natural person: who runs it is not public', () => {
  it('a developer sees the shop’s name and rating; the operator and the rest are FORBIDDEN; reading the public facts alone is not audited', async () => {
    const res = await ask(subgraph, viewers.developer, SHOP, { id: 刘洋小铺 });
    expect(res.data.merchant).toEqual({
      id: 刘洋小铺,
      platform: { creditCode: 云集网络 },
      shopName: '刘洋小铺',
      rating: 3.1,
      ratingCount: 842,
      operatorName: null,
      operatorKind: null,
      realNameVerified: null,
      licenseDisplayed: null,
      complaints90d: null,
      hasViolations: null,
      violations: null,
      status: null,
    });
    expect(new Set(Object.values(reasonsOf(res)))).toEqual(new Set(['PURPOSE']));
    expect(JSON.stringify(res)).not.toContain('刘洋"');
    expect(JSON.stringify(res)).not.toContain(刘洋);

    const publicOnly = await ask(subgraph, viewers.developer, /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { shopName rating ratingCount } }`, { id: 刘洋小铺 });
    expect(dataOf(publicOnly).merchant).toEqual({ shopName: '刘洋小铺', rating: 3.1, ratingCount: 842 });
    expect(await recordsOf(store, publicOnly)).toEqual([]);
  });

  it('a bank without the operator’s consent gets NO_CONSENT for the reduced forms its column allows, PURPOSE for the rest', async () => {
    const res = await ask(subgraph, viewers.bank, SHOP, { id: 刘洋小铺 });
    expect(res.data.merchant).toMatchObject({ shopName: '刘洋小铺', rating: 3.1, ratingCount: 842, complaints90d: null, hasViolations: null, operatorName: null, violations: null });
    expect(reasonsOf(res)).toEqual({
      'Merchant.operatorName': 'NO_CONSENT',
      'Merchant.operatorKind': 'NO_CONSENT',
      'Merchant.complaints90d': 'NO_CONSENT',
      'Merchant.hasViolations': 'NO_CONSENT',
      'Merchant.realNameVerified': 'PURPOSE',
      'Merchant.licenseDisplayed': 'PURPOSE',
      'Merchant.violations': 'PURPOSE',
      'Merchant.status': 'PURPOSE',
    });
  });

  it('a platform with the operator’s consent sees the whole shop and its violation, the operator by name and by a sealed link, never by ID; and it is audited', async () => {
    const res = await ask(
      subgraph,
      viewers.platform,
      /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { operatorName operatorKind operatorPerson { creditCode } realNameVerified licenseDisplayed complaints90d hasViolations status
        violations { ref kind what measure authority decidedAt severity displayUntil status dispute { objectionRef } } } }`,
      { id: 刘洋小铺 },
    );
    const { operatorPerson, ...shop } = res.data.merchant;
    expect(shop).toEqual({
      operatorName: '刘洋',
      operatorKind: 'PERSON',
      realNameVerified: true,
      licenseDisplayed: false,
      complaints90d: 31,
      hasViolations: true,
      status: 'RESTRICTED',
      violations: [{ ...EV_2026_0042, status: 'ACTIVE', dispute: null }],
    });
    // a platform's column shows a person's name and masked ID, never the full ID: the link to him
    // opens his file by a sealed key, which is not his ID
    expect(operatorPerson.creditCode).toMatch(/^sealed:/);
    expect(JSON.stringify(res)).not.toContain(刘洋);
    expect(res.errors ?? []).toEqual([]);

    const records = await recordsOf(store, res);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      subgraph: 'ecommerce',
      client: 'platform-yunji',
      clientKind: 'PLATFORM',
      purpose: 'MERCHANT_ONBOARDING',
      subjects: [刘洋],
      consents: [CONSENT.刘洋_platform],
      classes: ['ECOMMERCE', 'IDENTITY'],
      denied: [],
    });
  });

  it('the operator himself and a regulator follow the link to him', async () => {
    for (const viewer of [viewers.self(刘洋), viewers.regulator]) {
      const res = await ask(subgraph, viewer, /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { operatorPerson { creditCode } operatorEnterprise { creditCode } } }`, { id: 刘洋小铺 });
      expect(dataOf(res).merchant).toEqual({ operatorPerson: { creditCode: 刘洋 }, operatorEnterprise: null });
    }
  });
});

describe('the shops of a person or an organisation, and _entities', () => {
  const SHOPS = /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
    ... on Person { creditCode merchants { id shopName status } }
    ... on Enterprise { creditCode merchants { id shopName rating } } } }`;
  const person = (creditCode: string) => ({ __typename: 'Person', creditCode });
  const enterprise = (creditCode: string) => ({ __typename: 'Enterprise', creditCode });

  it('a platform with consent, the person and a regulator see the shops a person runs', async () => {
    for (const viewer of [viewers.platform, viewers.self(刘洋), viewers.regulator]) {
      expect(dataOf(await ask(subgraph, viewer, SHOPS, { r: [person(刘洋)] }))._entities).toEqual([{ creditCode: 刘洋, merchants: [{ id: 刘洋小铺, shopName: '刘洋小铺', status: 'RESTRICTED' }] }]);
    }
  });

  it('a developer learns nothing of who runs shops: the same denial whether the person runs one or not', async () => {
    const res = await ask(subgraph, viewers.developer, SHOPS, { r: [person(刘洋), person(王建国)] });
    expect(res.data._entities).toEqual([
      { creditCode: 刘洋, merchants: null },
      { creditCode: 王建国, merchants: null },
    ]);
    expect(denials(res)).toEqual([
      ['_entities.0.merchants', 'Person.merchants', 'PURPOSE'],
      ['_entities.1.merchants', 'Person.merchants', 'PURPOSE'],
    ]);
    expect(res.errors![0]!.message).toBe(res.errors![1]!.message);
  });

  it('a bank: NO_CONSENT for a person without consent; for one with consent, the shops (none here)', async () => {
    const res = await ask(subgraph, viewers.bank, /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { creditCode merchants { id } } } }`, {
      r: [person(刘洋), person(王建国)],
    });
    expect(res.data._entities).toEqual([
      { creditCode: 刘洋, merchants: null },
      { creditCode: 王建国, merchants: [] },
    ]);
    expect(denials(res)).toEqual([['_entities.0.merchants', 'Person.merchants', 'NO_CONSENT']]);
  });

  it("everyone sees an organisation's shops with their rating; an organisation that runs none has an empty list", async () => {
    const res = await ask(subgraph, viewers.developer, SHOPS, { r: [enterprise(优品电商), enterprise(云集网络)] });
    expect(dataOf(res)._entities).toEqual([
      { creditCode: 优品电商, merchants: [{ id: 优品数码, shopName: '优品数码旗舰店', rating: 4.7 }] },
      { creditCode: 云集网络, merchants: [] },
    ]);
    const more = await ask(subgraph, viewers.developer, /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { merchants { complaints90d } } } }`, {
      r: [enterprise(优品电商)],
    });
    expect(more.data._entities).toEqual([{ merchants: [{ complaints90d: null }] }]);
    expect(deniedAt(more, '_entities', 0, 'merchants', 0, 'complaints90d')).toMatchObject({ class: 'ECOMMERCE', reason: 'PURPOSE' });
  });

  it('resolves shops by id through __resolveReference, in order, with null for an unknown one', async () => {
    const res = await ask(subgraph, viewers.developer, /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Merchant { id shopName rating } } }`, {
      r: [{ __typename: 'Merchant', id: 刘洋小铺 }, { __typename: 'Merchant', id: 'yunji:shop:999999' }, { __typename: 'Merchant', id: 优品数码 }],
    });
    expect(dataOf(res)._entities).toEqual([{ id: 刘洋小铺, shopName: '刘洋小铺', rating: 3.1 }, null, { id: 优品数码, shopName: '优品数码旗舰店', rating: 4.7 }]);
  });
});

describe('input checks', () => {
  it.each(['yunji shop 100231', 'yunji:shop', 'YUNJI:shop:100231', 'yunji:shop:100231:extra', ''])('merchant(id: %j) is BAD_USER_INPUT showing the expected form', async (id) => {
    const res = await ask(subgraph, viewers.developer, SHOP, { id });
    expect(res.data).toEqual({ merchant: null });
    expect(refusal(res)).toEqual({
      code: 'BAD_USER_INPUT',
      message: `Invalid merchant id "${id}": expected platform:kind:number, e.g. yunji:shop:100231.`,
      extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
    });
  });

  it('a well-formed id the hub does not hold is null', async () => {
    const res = await ask(subgraph, viewers.developer, SHOP, { id: 'yunji:shop:999999' });
    expect(res).toMatchObject({ data: { merchant: null } });
    expect(res.errors).toBeUndefined();
  });
});

describe('the life of a violation', () => {
  let own: Store;
  let sub: Running;
  beforeAll(async () => {
    own = await showcaseStore();
    sub = await start(ecommerce, own);
    // the organisation's shop gets a violation past its year and a MINOR one, neither shown
    const shop = (await own.collection('merchants').findOne({ _id: 优品数码 }))!;
    const violation = (ref: string, severity: 'MINOR' | 'GENERAL', decidedAt: string) => ({
      ref,
      kind: 'FALSE_ADVERTISING' as const,
      what: '虚假宣传',
      measure: '警告',
      decidedAt,
      authority: '江苏云集网络科技有限公司',
      severity,
      status: 'ACTIVE' as const,
    });
    await own.collection('merchants').updateOne({ _id: 优品数码 }, { $set: { violations: [...shop.violations, violation('EV-2025-0100', 'GENERAL', '2025-06-01'), violation('EV-2026-0500', 'MINOR', '2026-11-20')] } });
  });
  afterAll(() => sub?.stop());

  const VIOLATIONS = /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { hasViolations violations { ref status displayUntil dispute { objectionRef filedAt dueAt status } } } }`;

  it('expired and MINOR violations are not shown and raise no flag', async () => {
    for (const viewer of [viewers.platform, viewers.regulator]) {
      expect(dataOf(await ask(sub, viewer, VIOLATIONS, { id: 优品数码 })).merchant).toEqual({ hasViolations: false, violations: [] });
    }
    expect(dataOf(await ask(sub, viewers.bank, /* GraphQL */ `query ($id: ID!) { merchant(id: $id) { hasViolations } }`, { id: 优品数码 })).merchant).toEqual({ hasViolations: false });
  });

  it("an objection flags the violation at once for every asker who may see it; it stays shown and counted", async () => {
    await own.collection('objections').insertOne({ _id: 'OBJ-2026-0300', ref: 'OBJ-2026-0300', factRef: EV_2026_0042.ref, subject: 刘洋, filedAt: '2026-11-25', dueAt: '2026-12-15', reason: '刷单系第三方所为', status: 'UNDER_REVIEW' });
    const flagged = { hasViolations: true, violations: [{ ref: EV_2026_0042.ref, status: 'UNDER_OBJECTION', displayUntil: '2027-03-02', dispute: { objectionRef: 'OBJ-2026-0300', filedAt: '2026-11-25', dueAt: '2026-12-15', status: 'UNDER_REVIEW' } }] };
    for (const viewer of [viewers.platform, viewers.regulator, viewers.self(刘洋)]) {
      expect(dataOf(await ask(sub, viewer, VIOLATIONS, { id: 刘洋小铺 })).merchant).toEqual(flagged);
    }
  });

  it('a repaired violation is shown to nobody but the operator, and counts for nobody', async () => {
    await own.collection('repairRequests').insertOne({ _id: 'REP-2026-0300', ref: 'REP-2026-0300', factRef: EV_2026_0042.ref, subject: 刘洋, requestedAt: '2026-11-25', statement: '已整改', status: 'APPROVED', decidedAt: TODAY, decidedBy: 'regulator-jiangsu-credit' });
    for (const viewer of [viewers.platform, viewers.regulator]) {
      expect(dataOf(await ask(sub, viewer, VIOLATIONS, { id: 刘洋小铺 })).merchant).toEqual({ hasViolations: false, violations: [] });
    }
    const own刘洋 = dataOf(await ask(sub, viewers.self(刘洋), VIOLATIONS, { id: 刘洋小铺 })).merchant;
    expect(own刘洋.hasViolations).toBe(false);
    expect(own刘洋.violations).toEqual([expect.objectContaining({ ref: EV_2026_0042.ref, status: 'REPAIRED' })]);
  });
});
