/**
 * The supergraph checks, run through a real gateway on free ports over any store: every showcase
 * subject is reachable, fields from all five subgraphs join, and a 200-person batch costs at most
 * one store round trip per entity type per subgraph. federation.test.ts runs them on the embedded
 * store, test/mongo/supergraph.test.ts on MongoDB seeded by `npm run seed`.
 */
import { describe, expect, it } from 'vitest';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { personCodeAt, DEFAULT_SEED } from '../fixtures/seed/index.ts';
import type { TestHub } from '../support/hub.ts';

const REGULATOR = 'regulator-jiangsu-credit';
const BANK = 'bank-jinling';


export function federationChecks(hub: () => TestHub): void {
  const t = {
    get counters() { return hub().counters; },
    query: (...args: Parameters<TestHub['query']>) => hub().query(...args),
  };

  const ALL_FIVE = /* GraphQL */ `
    query Applicants($codes: [ID!]!) {
      persons(creditCodes: $codes) {
        creditCode
        name
        financialDefaults { ref overdueAmount status }
        occupations { occupation misconduct { ref } }
        enterpriseRoles { role enterprise { creditCode name } }
        merchants { id rating }
        courierProfile { rating company { creditCode } }
        sanctions { courtListed courtListings { ref } }
        redList { honor }
      }
    }
  `;

  describe('a regulator sees every showcase fact through one gateway', () => {
    it('joins a person across all five subgraphs', async () => {
      const res = await t.query(REGULATOR, /* GraphQL */ `
        {
          person(creditCode: "320203199507082021") {
            name
            phone
            occupations { licenseNo status }
            courierProfile {
              since
              rating
              complaints { ref reason at }
              trafficViolations { ref what }
              company { name courierProfile { grade complaintRatePerMillion } redList { honor } }
            }
          }
        }
      `);
      expect(res.errors).toBeUndefined();
      const p = res.data.person;
      const courier = showcase.couriers[0]!;
      expect(p.name).toBe('陈静');
      expect(p.phone).toBe('15251860021');
      expect(p.occupations[0].licenseNo).toBe('快递从业320203-2021-0456');
      expect(p.courierProfile.since).toBe(courier.since);
      expect(p.courierProfile.rating).toBe(courier.rating);
      expect(p.courierProfile.complaints.map((c: any) => c.ref)).toEqual(courier.complaints.map((c) => c.ref));
      expect(p.courierProfile.trafficViolations[0].what).toBe('电动自行车闯红灯');
      expect(p.courierProfile.company.name).toBe('南京诚达物流有限公司');
      expect(p.courierProfile.company.courierProfile).toEqual({ grade: 'A', complaintRatePerMillion: 1.8 });
      expect(p.courierProfile.company.redList[0].honor).toBe('江苏省诚信快递企业');
    });

    it('finds every showcase person, with their name and masked ID', async () => {
      const res = await t.query(REGULATOR, /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode name maskedId gender birthDate address } }`, {
        c: showcase.persons.map((p) => p.creditCode),
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.persons).toEqual(
        showcase.persons.map((p) => ({
          creditCode: p.creditCode,
          name: p.name,
          maskedId: `${p.creditCode.slice(0, 6)}********${p.creditCode.slice(-4)}`,
          gender: p.gender,
          birthDate: p.birthDate,
          address: p.address,
        })),
      );
    });

    it('finds every showcase enterprise with its registration, penalties and commitments', async () => {
      const res = await t.query(
        REGULATOR,
        /* GraphQL */ `query($c: [ID!]!) { enterprises(creditCodes: $c) { creditCode name kind status registeredAt legalRepresentativeName
           legalRepresentative { creditCode name } commitments { ref text madeAt } penalties { ref what measure authority decidedAt severity status } } }`,
        { c: showcase.enterprises.map((e) => e.creditCode) },
      );
      expect(res.errors).toBeUndefined();
      // one answer per code asked, so that the loop below cannot pass over an empty list
      expect(showcase.enterprises.length).toBeGreaterThan(0);
      expect(res.data.enterprises).toHaveLength(showcase.enterprises.length);
      res.data.enterprises.forEach((e: any, i: number) => {
        const want = showcase.enterprises[i]!;
        const rep = showcase.persons.find((p) => p.creditCode === want.legalRepresentative)!;
        expect(e).toMatchObject({ creditCode: want.creditCode, name: want.name, kind: want.kind, status: want.status, registeredAt: want.registeredAt });
        expect(e.legalRepresentative).toEqual({ creditCode: rep.creditCode, name: rep.name });
        expect(e.legalRepresentativeName).toBe(rep.name);
        expect(e.commitments).toEqual(want.commitments ?? []);
      });
    });

    it('resolves merchants with their operators and violations', async () => {
      const res = await t.query(REGULATOR, /* GraphQL */ `{ merchant(id: "yunji:shop:208877") { shopName operatorName rating ratingCount complaints90d status
        hasViolations violations { ref kind what decidedAt measure } operatorPerson { name merchants { id } } platform { name } } }`);
      expect(res.errors).toBeUndefined();
      const want = showcase.merchants[1]!;
      expect(res.data.merchant).toMatchObject({
        shopName: want.shopName,
        operatorName: '刘洋',
        rating: want.rating,
        ratingCount: want.ratingCount,
        complaints90d: want.complaints90d,
        status: want.status,
        hasViolations: true,
        operatorPerson: { name: '刘洋', merchants: [{ id: want.id }] },
        platform: { name: '江苏云集网络科技有限公司' },
      });
      expect(res.data.merchant.violations).toEqual(want.violations!.map(({ ref, kind, what, decidedAt, measure }) => ({ ref, kind, what, decidedAt, measure })));
    });

    it('shows each showcase black-list entry on its subject, with its list', async () => {
      const listed = showcase.sanctions.filter((s) => s.status === 'ACTIVE' && (s.displayUntil === null || s.displayUntil >= '2026-11-27'));
      for (const s of listed) {
        const field = s.subject.length === 18 && /^\d{17}[\dX]$/.test(s.subject) ? 'person' : 'enterprise';
        const res = await t.query(REGULATOR, /* GraphQL */ `{ ${field}(creditCode: "${s.subject}") { sanctions {
          courtListings { ref list } taxViolations { ref list } administrativePenalties { ref list } ecommerceBlacklist { ref list } courierBlacklist { ref list measures authority basis } } } }`);
        expect(res.errors).toBeUndefined();
        const all = Object.values(res.data[field].sanctions).flat() as any[];
        expect(all.map((e) => e.ref)).toContain(s.ref);
        expect(all.find((e) => e.ref === s.ref).list).toBe(s.list);
      }
    });
  });

  describe('batching', () => {
    it('answers 200 persons with fields from all five subgraphs in one store round trip per entity type per subgraph', async () => {
      const codes = [...showcase.persons.map((p) => p.creditCode), ...Array.from({ length: 191 }, (_, i) => personCodeAt(DEFAULT_SEED, i))];
      expect(codes).toHaveLength(200);
      for (const c of Object.values(t.counters)) c.reset();
      const res = await t.query(REGULATOR, ALL_FIVE, { codes });
      expect(res.errors).toBeUndefined();
      expect(res.data.persons).toHaveLength(200);
      expect(res.data.persons.every((p: any) => p && p.name)).toBe(true);
      for (const [subgraph, counter] of Object.entries(t.counters)) {
        const perCollection = new Map<string, number>();
        for (const call of counter.calls.filter((c) => c.op === 'find')) {
          perCollection.set(call.collection, (perCollection.get(call.collection) ?? 0) + 1);
        }
        for (const [collection, n] of perCollection) {
          expect({ subgraph, collection, n }).toEqual({ subgraph, collection, n: 1 });
        }
        expect(perCollection.size, `${subgraph} made no store call at all`).toBeGreaterThan(0);
      }
    });

    it('returns persons in the order asked, with null for codes the hub does not hold to an asker who may know that', async () => {
      const unknown = '11010519491231002X';
      const res = await t.query(REGULATOR, /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode } }`, {
        c: ['320502198203174715', unknown, '320106197805123519'],
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.persons).toEqual([{ creditCode: '320502198203174715' }, null, { creditCode: '320106197805123519' }]);
    });

    it('answers a code the asker may know nothing of the same whether the hub holds a file or not', async () => {
      // the bank holds no consent from 李梅 nor from the holder of the unknown code
      const unknown = '11010519491231002X';
      const res = await t.query(BANK, /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode name } }`, { c: ['320102198509231629', unknown] });
      expect(res.data.persons).toEqual([{ creditCode: '320102198509231629', name: null }, { creditCode: unknown, name: null }]);
      expect(res.errors).toEqual([expect.objectContaining({ path: ['persons', 'name'], extensions: expect.objectContaining({ code: 'FORBIDDEN', count: 2, reason: 'NO_CONSENT' }) })]);
    });

    it('refuses a batch of more than 1,000 codes with BAD_USER_INPUT', async () => {
      const codes = Array.from({ length: 1001 }, (_, i) => personCodeAt(DEFAULT_SEED, i % 300));
      const res = await t.query(BANK, /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode } }`, { c: codes });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/at most 1000/);
    });
  });

  describe('identifiers are validated before anything is looked up', () => {
    const bad = showcase.invalidIdentifiers;
    const cases: [string, string, string, RegExp][] = [
      ['citizen ID with a wrong check digit', 'person', bad.citizenIdBadCheckDigit, /check digit should be 9/],
      ['citizen ID with month 13', 'person', bad.citizenIdBadDate, /month 13/],
      ['too short a code', 'person', bad.tooShort, /18 characters/],
      ['credit code with a wrong check character', 'enterprise', bad.usccBadCheckChar, /check character should be 8/],
      ['credit code with the letter O', 'enterprise', bad.usccForbiddenLetter, /letter O/],
    ];
    it.each(cases)('%s gets BAD_USER_INPUT naming the problem', async (_, field, code, message) => {
      const res = await t.query(BANK, /* GraphQL */ `query($c: ID!) { ${field}(creditCode: $c) { creditCode } }`, { c: code });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(message);
      expect(JSON.stringify(res.errors)).not.toMatch(/stack|\.ts:|node_modules/);
    });

    it('lists every invalid code of a batch in one error', async () => {
      const res = await t.query(BANK, /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { creditCode } }`, {
        c: ['320106197805123519', bad.citizenIdBadCheckDigit, bad.citizenIdBadDate],
      });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.invalid.map((i: any) => i.index)).toEqual([1, 2]);
    });
  });
}
