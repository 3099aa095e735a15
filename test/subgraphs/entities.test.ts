/**
 * Tier 1: each subgraph in-process. Entities resolve from representations (`_entities`), the
 * subgraph serves its SDL, and no call gets through without the gateway's signed viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { seededEmbeddedStore } from '../support/hub.ts';
import { inProcess, viewers } from '../support/subgraph.ts';

let store: Store;
const running: Record<string, Awaited<ReturnType<typeof inProcess>>> = {};
beforeAll(async () => {
  store = await seededEmbeddedStore({ persons: 50, enterprises: 10, merchants: 10, couriers: 10, listEntries: 10 });
  for (const [name, module] of Object.entries(SUBGRAPHS)) running[name] = await inProcess(module, store);
});
afterAll(async () => {
  for (const r of Object.values(running)) await r.stop();
});

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Person { creditCode }
    }
  }
`;
const entities = (selection: string) => ENTITIES.replace('creditCode }', `creditCode ${selection} }`);
const person = (code: string) => ({ __typename: 'Person', creditCode: code });
const enterprise = (code: string) => ({ __typename: 'Enterprise', creditCode: code });

describe('persons', () => {
  it('resolves persons from representations, in order, with null for unknown codes', async () => {
    const res = await running.persons!.run(viewers.regulator, entities('name phone occupations { licenseNo }'), {
      r: [person('320502198203174715'), person('11010519491231002X'), person('320106197805123519')],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { creditCode: '320502198203174715', name: '张伟', phone: '18912340017', occupations: [{ licenseNo: '律执13205200810123' }] },
      null,
      { creditCode: '320106197805123519', name: '王建国', phone: '13951786420', occupations: [{ licenseNo: '教资2003320106001' }] },
    ]);
  });

  it('guards entity fields too: a bank without consent gets null and FORBIDDEN through _entities', async () => {
    const res = await running.persons!.run(viewers.bank, entities('name financialDefaults { ref }'), { r: [person('320102198509231629')] });
    expect(res.data._entities[0]).toEqual({ creditCode: '320102198509231629', name: null, financialDefaults: null });
    const reasons = res.errors!.map((e) => [e.extensions.field, e.extensions.reason]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['Person.name', 'NO_CONSENT'],
        ['Person.financialDefaults', 'NO_CONSENT'],
      ]),
    );
  });

  it('serves its SDL to the composition', async () => {
    const res = await running.persons!.run(viewers.regulator, '{ _service { sdl } }');
    expect(res.data._service.sdl).toMatch(/type Person\s+@key\(fields: "creditCode"\)/);
  });
});

describe('enterprises', () => {
  it('resolves organisations and the roles persons hold', async () => {
    const res = await running.enterprises!.run(
      viewers.regulator,
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Enterprise { creditCode name status }
        ... on Person { creditCode enterpriseRoles { role enterprise { creditCode name } } } } }`,
      { r: [enterprise('91320211MA1X4Y5T2H'), person('320106197004051113')] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0]).toEqual({ creditCode: '91320211MA1X4Y5T2H', name: '无锡速达快递有限公司', status: 'SUSPENDED' });
    expect(res.data._entities[1].enterpriseRoles).toContainEqual({
      role: 'LEGAL_REPRESENTATIVE',
      enterprise: { creditCode: '91320211MA1X4Y5T2H', name: '无锡速达快递有限公司' },
    });
  });
});

describe('ecommerce', () => {
  it('resolves merchants by id and the shops a person operates', async () => {
    const res = await running.ecommerce!.run(
      viewers.regulator,
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Merchant { id shopName rating }
        ... on Person { creditCode merchants { id status } } } }`,
      { r: [{ __typename: 'Merchant', id: 'yunji:shop:100231' }, person('320583199001011531')] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([
      { id: 'yunji:shop:100231', shopName: '优品数码旗舰店', rating: 4.7 },
      { creditCode: '320583199001011531', merchants: [{ id: 'yunji:shop:208877', status: 'RESTRICTED' }] },
    ]);
  });
});

describe('couriers', () => {
  it('resolves the courier files of persons and companies', async () => {
    const res = await running.couriers!.run(
      viewers.regulator,
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Person { creditCode courierProfile { since rating complaints { ref } } }
        ... on Enterprise { creditCode courierProfile { grade licenseStatus serviceWarnings { ref } } } } }`,
      { r: [person('320203199507082021'), enterprise('91320211MA1X4Y5T2H')] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0].courierProfile).toEqual({
      since: '2021-05-01',
      rating: 4.2,
      complaints: [{ ref: 'CP-2026-00731' }, { ref: 'CP-2026-01188' }],
    });
    expect(res.data._entities[1].courierProfile).toEqual({ grade: 'D', licenseStatus: 'SUSPENDED', serviceWarnings: [{ ref: '锡邮管警〔2026〕9号' }] });
  });
});

describe('sanctions', () => {
  it('resolves list entries on persons and organisations', async () => {
    const res = await running.sanctions!.run(
      viewers.regulator,
      /* GraphQL */ `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Person { creditCode sanctions { courtListed courtListings { ref measures } } }
        ... on Enterprise { creditCode sanctions { courierBlacklist { ref measures } } } } }`,
      { r: [person('320102198509231629'), enterprise('91320211MA1X4Y5T2H')] },
    );
    expect(res.errors).toBeUndefined();
    const court = showcase.sanctions[0]!;
    expect(res.data._entities[0].sanctions).toEqual({ courtListed: true, courtListings: [{ ref: court.ref, measures: court.measures }] });
    expect(res.data._entities[1].sanctions.courierBlacklist).toEqual([{ ref: '苏邮管黑〔2026〕2号', measures: ['PLATFORM_ENTRY', 'LEGAL_REPRESENTATIVE_ROLE'] }]);
  });
});

describe('every subgraph refuses calls that do not come from the gateway', () => {
  it.each(Object.keys(SUBGRAPHS))("%s: no assertion, a made-up one, or a gateway assertion without the client's token is UNAUTHENTICATED", async (name) => {
    const { built } = running[name]!;
    const body = JSON.stringify({ query: '{ __typename }' });
    const cases = [{}, { 'x-credithub-assertion': 'garbage' }, { 'x-credithub-assertion': 'eyJhbGciOiJFZERTQSJ9.e30.c2ln', authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln' }, { authorization: 'Bearer x.y.z' }];
    for (const headers of cases) {
      await expect(built.contextFor(headers, body)).rejects.toMatchObject({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
    }
  });
});
