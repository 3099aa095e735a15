/**
 * The client registry (subgraphs/shared/wire/registry.ts), the parts an operator relies on beyond
 * identity.test.ts: what a registration stores, licence changes and what they record, the hours'
 * and regions' edges, and the development clients' secrets.
 */
import { describe, expect, it } from 'vitest';
import {
  checkLicensedRegions,
  checkNewClient,
  ClientRegistry,
  describeLicence,
  hashDevelopmentSecret,
  parseLicensedHours,
  RegistryError,
  secretMatches,
  withinLicensedHours,
} from '../../subgraphs/shared/wire/registry.ts';
import { EmbeddedStore } from '../../subgraphs/shared/platform/store/embedded.ts';

const COURT = { facts: ['DISHONEST_JUDGMENT_DEBTOR' as const], regions: ['3201'], refs: ['(*)苏01执*号'] };

describe('a registration', () => {
  it('stores the trimmed name, its own copy of the purposes, the default limits with any given, the licence and the times', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const registry = new ClientRegistry(new EmbeddedStore(), 0, () => now);
    const purposes = ['LOAN_UNDERWRITING' as const];
    const { client } = await registry.add(
      { id: 'bank-reg', name: '  注册银行 ', kind: 'BANK', purposes, limits: { requestsPerMinute: 60 }, licensedHours: { from: '08:00', to: '20:00' }, licensedRegions: ['3201', '32', '3201'] },
      'alice',
    );
    purposes.push('SUPERVISION' as never);
    expect(client).toMatchObject({
      name: '注册银行',
      purposes: ['LOAN_UNDERWRITING'],
      limits: { requestsPerMinute: 60, subjectsPerDay: 200_000 },
      licensedHours: { from: '08:00', to: '20:00' },
      licensedRegions: ['32', '3201'],
      createdAt: '2026-12-01T08:00:00.000Z',
      updatedAt: '2026-12-01T08:00:00.000Z',
    });
    expect(client).not.toHaveProperty('publishes');
    expect(client).not.toHaveProperty('organisation');
    expect(await registry.client('bank-reg')).toEqual(client);
  });

  it("of an authority stores its own copy of the licence to publish, regions only when it names some", async () => {
    const registry = new ClientRegistry(new EmbeddedStore(), 0);
    const { client } = await registry.add({ id: 'court-reg', name: '法院', kind: 'AUTHORITY', purposes: ['PUBLICATION'], publishes: COURT }, 'alice');
    expect(client.publishes).toEqual(COURT);
    expect(client.publishes).not.toBe(COURT);
    const { client: whole } = await registry.add({ id: 'court-all', name: '法院', kind: 'AUTHORITY', purposes: ['PUBLICATION'], publishes: { facts: COURT.facts, refs: COURT.refs, regions: [] } }, 'alice');
    expect(whole.publishes).toEqual({ facts: COURT.facts, refs: COURT.refs });
  });

  it('is refused with licensed hours or regions in the wrong form, as a RegistryError', () => {
    const bank = { id: 'bank-form', name: 'F', kind: 'BANK' as const, purposes: ['LOAN_UNDERWRITING' as const] };
    for (const bad of [{ licensedHours: { from: '25:00', to: '06:00' } }, { licensedRegions: ['3'] }]) {
      let err: unknown;
      try {
        checkNewClient({ ...bank, ...bad });
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(bad)).toBeInstanceOf(RegistryError);
      expect(err).toMatchObject({ name: 'RegistryError' });
    }
  });

  it('of an authority licensed for every region stores no regions', async () => {
    const registry = new ClientRegistry(new EmbeddedStore(), 0);
    const { client } = await registry.add({ id: 'court-any', name: '法院', kind: 'AUTHORITY', purposes: ['PUBLICATION'], publishes: { facts: COURT.facts, refs: COURT.refs } }, 'alice');
    expect(client.publishes).toEqual({ facts: COURT.facts, refs: COURT.refs });
  });

  it('is listed by id, and its events can be read for all clients or one', async () => {
    const registry = new ClientRegistry(new EmbeddedStore(), 0);
    await registry.add({ id: 'zz-bank', name: 'Z', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'alice');
    await registry.add({ id: 'aa-bank', name: 'A', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'bob');
    expect((await registry.list()).map((c) => c.id)).toEqual(['aa-bank', 'zz-bank']);
    expect((await registry.events()).map((e) => e.client).sort()).toEqual(['aa-bank', 'zz-bank']);
    expect((await registry.events('aa-bank')).map((e) => [e.action, e.operator])).toEqual([['ADD', 'bob']]);
  });
});

describe('a licence change', () => {
  it('sets hours and regions, lifts either with null, leaves an absent one as it is, and records the licence it leaves', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const registry = new ClientRegistry(new EmbeddedStore(), 0, () => now);
    await registry.add({ id: 'bank-lic', name: 'L', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'alice');
    now += 1000;
    let c = await registry.setLicence('bank-lic', 'bob', { hours: { from: '22:00', to: '06:00' }, regions: ['3205', '32'] });
    expect(c).toMatchObject({ licensedHours: { from: '22:00', to: '06:00' }, licensedRegions: ['32', '3205'], updatedAt: '2026-12-01T08:00:01.000Z' });
    now += 1000;
    c = await registry.setLicence('bank-lic', 'bob', { regions: null });
    expect(c.licensedHours).toEqual({ from: '22:00', to: '06:00' });
    expect(c).not.toHaveProperty('licensedRegions');
    now += 1000;
    c = await registry.setLicence('bank-lic', 'carol', { hours: null });
    expect(c).not.toHaveProperty('licensedHours');
    expect(await registry.client('bank-lic')).not.toHaveProperty('licensedHours');
    expect((await registry.events('bank-lic')).map((e) => [e.action, e.operator, e.reason ?? null])).toEqual([
      ['LICENCE', 'carol', 'any hour; any region'],
      ['LICENCE', 'bob', 'hours 22:00-06:00; any region'],
      ['LICENCE', 'bob', 'hours 22:00-06:00; regions 32,3205'],
      ['ADD', 'alice', null],
    ]);
  });

  it('names hours or regions, for a registered client, in the right form', async () => {
    const registry = new ClientRegistry(new EmbeddedStore(), 0);
    await registry.add({ id: 'bank-lic2', name: 'L', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'alice');
    await expect(registry.setLicence('bank-lic2', 'bob', {})).rejects.toThrow(RegistryError);
    await expect(registry.setLicence('nobody-here', 'bob', { regions: ['32'] })).rejects.toThrow(RegistryError);
    await expect(registry.setLicence('bank-lic2', 'bob', { hours: { from: '08:00', to: '08:00' } })).rejects.toThrow(RegistryError);
    await expect(registry.setLicence('bank-lic2', 'bob', { regions: ['320'] })).rejects.toThrow(RegistryError);
    expect(await registry.events('bank-lic2')).toHaveLength(1);
  });

  it('reinstates with a reason when one is given, trimmed', async () => {
    const registry = new ClientRegistry(new EmbeddedStore(), 0);
    await registry.add({ id: 'bank-re', name: 'R', kind: 'BANK', purposes: ['LOAN_UNDERWRITING'] }, 'alice');
    await registry.suspend('bank-re', 'bob', '  fees  ');
    await expect(registry.reinstate('bank-re', 'carol', '   ')).resolves.toMatchObject({ status: 'ACTIVE' });
    await registry.suspend('bank-re', 'bob', 'again');
    await registry.reinstate('bank-re', 'carol', ' paid ');
    expect((await registry.events('bank-re')).map((e) => e.reason ?? null).sort()).toEqual(['again', 'fees', 'paid', null, null].sort());
  });
});

describe('licensed hours and regions, at their edges', () => {
  it('count whole minutes: 19:59:59 is within 08:00-20:00', () => {
    expect(withinLicensedHours(parseLicensedHours('08:00-20:00'), 20 * 3600 - 1)).toBe(true);
    expect(withinLicensedHours(parseLicensedHours('08:30-08:31'), 8 * 3600 + 30 * 60 + 59)).toBe(true);
    expect(withinLicensedHours(parseLicensedHours('08:30-08:31'), 8 * 3600 + 31 * 60)).toBe(false);
    expect(parseLicensedHours(' 23:59-00:00 ')).toEqual({ from: '23:59', to: '00:00' });
  });

  it('refuse 24:00, minute 60, and a bare range', () => {
    for (const bad of ['08:00-24:00', '08:60-09:00', '-', '08:00-', '8:00-09:00', 'x08:00-09:00', '08:00-09:00x']) expect(() => parseLicensedHours(bad), bad).toThrow(RegistryError);
    for (const ok of ['00:00-23:59', '19:00-09:00', '20:00-21:00']) expect(() => parseLicensedHours(ok), ok).not.toThrow();
  });

  it('take region codes of 2, 4 or 6 digits only, whole', () => {
    expect(checkLicensedRegions(['320102', '32', '3201'])).toEqual(['32', '3201', '320102']);
    for (const bad of [['x32'], ['32x'], ['3'], ['3201020']]) expect(() => checkLicensedRegions(bad), bad[0]).toThrow(RegistryError);
  });

  it('are described in words for the registry events', () => {
    expect(describeLicence({})).toBe('any hour; any region');
    expect(describeLicence({ licensedHours: { from: '08:00', to: '20:00' }, licensedRegions: ['32', '3201'] })).toBe('hours 08:00-20:00; regions 32,3201');
  });
});

describe("a development client's secret", () => {
  it('hashes to the same value each time, in the stored form, and matches its secret only', async () => {
    const hash = hashDevelopmentSecret('dev-secret', 2 ** 10);
    expect(hashDevelopmentSecret('dev-secret', 2 ** 10)).toBe(hash);
    expect(hashDevelopmentSecret('dev-secreT', 2 ** 10)).not.toBe(hash);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await secretMatches(hash, 'dev-secret')).toBe(true);
    expect(await secretMatches(hash, 'dev-secreT')).toBe(false);
    expect(hashDevelopmentSecret('dev-secret')).toMatch(/^scrypt\$4096\$/);
    // the development store seeded before keeps matching: the salt is derived the same way as ever
    expect(hash).toBe('scrypt$1024$8$1$30-2jwX7jIDP83XYjJoFVA$2Cv4YnlWUGOiBk-bHUh5dk6fNZnCIp0OII6Tk7W4vq4');
  });
});
