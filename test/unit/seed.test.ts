import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CollectionName } from '../../subgraphs/shared/platform/store/port.ts';
import type { ListKind, Severity } from '../../subgraphs/shared/facts/documents.ts';
import { classifyCode, validateCitizenId, validateCreditCode } from '../../subgraphs/shared/platform/ids.ts';
import {
  appendBatch,
  COLLECTION_NAMES,
  DEFAULT_SCALE,
  emptyBatch,
  personCodeAt,
  personCore,
  SEED_AS_OF,
  seedDocuments,
  showcaseDocuments,
  syntheticBatches,
  syntheticDocuments,
  type SeedBatch,
  type Showcase,
} from '../fixtures/seed/index.ts';
import { feistelPermutation, permutationWithHoles } from '../fixtures/seed/random.ts';
import { DEVELOPMENT_AUTHORITIES, developmentSecret } from '../fixtures/seed/showcase.ts';
import { SHOWCASE_PLATFORM } from '../fixtures/seed/synthetic.ts';

const showcase = JSON.parse(readFileSync(new URL('../fixtures/showcase.json', import.meta.url), 'utf8')) as Showcase;

const SMALL = { persons: 400, enterprises: 60, merchants: 90, couriers: 30, listEntries: 120 };

function byId<T extends { _id: string }>(docs: readonly T[]): Map<string, T> {
  return new Map(docs.map((d) => [d._id, d]));
}

function get<T>(map: Map<string, T>, id: string): T {
  const doc = map.get(id);
  if (doc === undefined) throw new Error(`missing ${id}`);
  return doc;
}

/** The items failing a check, named, so one assertion reports them all (and stays fast). */
function failing<T>(items: Iterable<T>, ok: (x: T) => boolean, name: (x: T) => string): string[] {
  const bad: string[] = [];
  for (const x of items) if (!ok(x)) bad.push(name(x));
  return bad.slice(0, 20);
}

/** computed with Date, independently of the generator's own date arithmetic */
function plusDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

describe('determinism', () => {
  it('gives identical output for identical options', () => {
    expect(syntheticDocuments(SMALL)).toEqual(syntheticDocuments(SMALL));
  });

  it('gives different output for a different seed', () => {
    const a = syntheticDocuments(SMALL);
    const b = syntheticDocuments({ ...SMALL, seed: 99 });
    expect(a.persons.map((p) => p._id)).not.toEqual(b.persons.map((p) => p._id));
    expect(a.enterprises.map((e) => e.name)).not.toEqual(b.enterprises.map((e) => e.name));
  });

  it('streams: batches concatenated equal the whole, whatever the batch size', () => {
    const whole = syntheticDocuments(SMALL);
    for (const size of [1, 7, 64]) {
      const streamed = emptyBatch();
      let chunks = 0;
      for (const batch of syntheticBatches(SMALL, size)) {
        chunks++;
        for (const docs of Object.values(batch)) expect(docs.length).toBeLessThanOrEqual(size * 20);
        appendBatch(streamed, batch);
      }
      expect(chunks).toBeGreaterThan(1);
      expect(streamed).toEqual(whole);
    }
  });

  it('person i depends only on (seed, i), not on how many persons are generated', () => {
    const few = syntheticDocuments({ ...SMALL, persons: 100, couriers: 0 }).persons;
    const more = syntheticDocuments({ ...SMALL, persons: 300, couriers: 0 }).persons;
    expect(more.slice(0, 100)).toEqual(few);
    few.forEach((p, i) => expect(p.creditCode).toBe(personCodeAt(2017, i)));
  });

  it('hands out unique citizen IDs by index, never a showcase one', () => {
    const codes = Array.from({ length: 100_000 }, (_, i) => personCodeAt(7, i));
    const seen = new Set(codes);
    expect(seen.size).toBe(codes.length);
    expect(failing(codes.filter((_, i) => i % 97 === 0), (c) => validateCitizenId(c) === null, String)).toEqual([]);
    expect(failing(showcase.persons, (p) => !seen.has(p.creditCode), (p) => p.creditCode)).toEqual([]);
  });

  it('derives the gender from the sequence parity', () => {
    const cores = Array.from({ length: 2000 }, (_, i) => personCore(3, i));
    expect(failing(cores, (p) => p.gender === (Number(p.code[16]) % 2 === 1 ? 'MALE' : 'FEMALE'), (p) => p.code)).toEqual([]);
    expect(failing(cores, (p) => p.birthDate >= '1950-01-01' && p.birthDate <= '2005-12-31', (p) => p.code)).toEqual([]);
    expect(failing(cores, (p) => p.code.slice(6, 14) === p.birthDate.replaceAll('-', ''), (p) => p.code)).toEqual([]);
    expect(new Set(cores.map((p) => p.gender)).size).toBe(2);
  });

  it('permutes a small domain bijectively', () => {
    for (const size of [1, 2, 37, 1000, 4099]) {
      const perm = feistelPermutation(size, 42);
      const out = new Set(Array.from({ length: size }, (_, i) => perm(i)));
      expect(out.size).toBe(size);
      expect(Math.max(...out)).toBe(size - 1);
    }
  });

  it('skips the holes (the showcase codes) and still hands out every other point once', () => {
    for (const [size, holes] of [
      [50, [0, 7, 8, 49]],
      [1000, [3, 500, 501, 502, 999]],
      [4099, Array.from({ length: 40 }, (_, i) => i * 100)],
    ] as const) {
      const space = permutationWithHoles(size, 9, holes);
      expect(space.capacity).toBe(size - holes.length);
      const out = Array.from({ length: space.capacity }, (_, i) => space.at(i));
      expect(new Set(out).size).toBe(space.capacity);
      expect(out.filter((p) => (holes as readonly number[]).includes(p))).toEqual([]);
      expect(out.every((p) => p >= 0 && p < size)).toBe(true);
    }
  });

  it('rejects inconsistent options', () => {
    expect(() => syntheticDocuments({ ...SMALL, couriers: SMALL.persons + 1 })).toThrow(/couriers/);
    expect(() => syntheticDocuments({ ...SMALL, persons: 0 })).toThrow(/persons/);
    expect(() => syntheticDocuments({ ...SMALL, merchants: -1 })).toThrow(/merchants/);
    expect(() => syntheticBatches(SMALL, 0).next()).toThrow(/batchSize/);
  });
});

describe('the showcase, verbatim', () => {
  const docs = showcaseDocuments();

  it('has every client, active, with a development secret it can prove but does not store, the development subject app and the development authorities', () => {
    const clients = byId(docs.clients);
    for (const c of showcase.clients) {
      const doc = get(clients, c.id);
      expect(doc).toMatchObject({ _id: c.id, id: c.id, name: c.name, kind: c.kind, purposes: c.purposes, status: 'ACTIVE' });
      expect(doc.credentials?.secretHash).toMatch(/^scrypt\$/);
      expect(JSON.stringify(doc)).not.toContain(developmentSecret(c.id));
    }
    expect(get(clients, 'dev-self-access')).toMatchObject({ kind: 'SUBJECT_APP', purposes: ['SELF_ACCESS'] });
    for (const a of DEVELOPMENT_AUTHORITIES) expect(get(clients, a.id)).toMatchObject({ kind: 'AUTHORITY', purposes: ['PUBLICATION'], publishes: a.publishes, status: 'ACTIVE' });
    expect(docs.clients).toHaveLength(showcase.clients.length + 1 + DEVELOPMENT_AUTHORITIES.length);
  });

  it('has every person, occupation and misconduct fact', () => {
    const persons = byId(docs.persons);
    expect(docs.persons).toHaveLength(showcase.persons.length);
    for (const p of showcase.persons) {
      const d = get(persons, p.creditCode);
      expect(d.creditCode).toBe(p.creditCode);
      expect(d.name).toBe(p.name);
      expect(d.gender).toBe(p.gender);
      expect(d.birthDate).toBe(p.birthDate);
      expect(d.phone).toBe(p.phone);
      expect(d.address).toBe(p.address);
      expect(d.occupations).toHaveLength(p.occupations?.length ?? 0);
      (p.occupations ?? []).forEach((o, i) => {
        const od = d.occupations[i]!;
        expect([od.occupation, od.licenseNo, od.issuer, od.status]).toEqual([o.occupation, o.licenseNo, o.issuer, o.status]);
        expect(od.misconduct).toHaveLength(o.misconduct?.length ?? 0);
        (o.misconduct ?? []).forEach((m, j) => {
          const md = od.misconduct[j]!;
          expect(md).toMatchObject({ ...m, status: 'ACTIVE' });
          // the display period is derived from the severity at read time
          expect('displayUntil' in md).toBe(false);
        });
      });
    }
  });

  it('has every financial default, unpaid with no display term', () => {
    const defaults = byId(docs.financialDefaults);
    const expected = showcase.persons.flatMap((p) => (p.financialDefaults ?? []).map((f) => ({ p, f })));
    expect(expected.length).toBeGreaterThan(0);
    expect(docs.financialDefaults).toHaveLength(expected.length);
    for (const { p, f } of expected) {
      const d = get(defaults, f.ref);
      expect(d).toMatchObject({
        ref: f.ref,
        subject: p.creditCode,
        lender: f.lender,
        product: f.product,
        overdueAmount: f.overdueAmount,
        overdueSince: f.overdueSince,
        repayment: f.status,
        authority: f.lender,
        decidedAt: f.overdueSince,
        severity: 'SERIOUS',
        status: 'ACTIVE',
        displayUntil: null,
      });
    }
  });

  it('has every enterprise with its legal representative, penalties and courier file', () => {
    const enterprises = byId(docs.enterprises);
    const officers = byId(docs.officers);
    const penalties = byId(docs.penalties);
    const couriers = byId(docs.courierCompanies);
    const names = new Map(showcase.persons.map((p) => [p.creditCode, p.name]));
    for (const e of showcase.enterprises) {
      const d = get(enterprises, e.creditCode);
      expect([d.name, d.kind, d.legalRepresentative, d.registeredAt, d.status]).toEqual([
        e.name,
        e.kind,
        e.legalRepresentative,
        e.registeredAt,
        e.status,
      ]);
      expect(d.legalRepresentativeName).toBe(names.get(e.legalRepresentative));
      expect(d.commitments).toEqual(e.commitments ?? []);
      expect(d.address.length).toBeGreaterThan(5);
      expect(d.registeredCapital).toBeGreaterThan(0);
      expect(get(officers, `${e.creditCode}:${e.legalRepresentative}:LEGAL_REPRESENTATIVE`)).toMatchObject({
        enterprise: e.creditCode,
        person: e.legalRepresentative,
        role: 'LEGAL_REPRESENTATIVE',
        since: e.registeredAt,
      });
      for (const pen of e.penalties ?? []) {
        const pd = get(penalties, pen.ref);
        expect(pd).toMatchObject({ ...pen, subject: e.creditCode, status: 'ACTIVE' });
        expect('displayUntil' in pd).toBe(false);
      }
      if (e.courierGrade) {
        expect(get(couriers, e.creditCode)).toEqual({
          _id: e.creditCode,
          creditCode: e.creditCode,
          license: e.courierLicense,
          grade: e.courierGrade,
          complaintRatePerMillion: e.complaintRatePerMillion,
          serviceWarnings: e.serviceWarnings ?? [],
        });
      } else {
        expect(couriers.has(e.creditCode)).toBe(false);
      }
    }
  });

  it('has every merchant, violation, courier, complaint and traffic violation', () => {
    const merchants = byId(docs.merchants);
    for (const m of showcase.merchants) {
      const d = get(merchants, m.id);
      const { violations, ...plain } = m;
      expect(d).toMatchObject(plain);
      expect(d.operatorKind).toBe(/^\d{17}[\dX]$/.test(m.operator) ? 'PERSON' : 'ORGANISATION');
      expect(d.violations).toHaveLength(violations?.length ?? 0);
      (violations ?? []).forEach((v, i) => {
        expect(d.violations[i]).toMatchObject({ ...v, authority: '江苏云集网络科技有限公司', severity: 'GENERAL', status: 'ACTIVE' });
      });
    }
    const couriers = byId(docs.couriers);
    for (const c of showcase.couriers) {
      expect(get(couriers, c.person)).toEqual({
        _id: c.person,
        ...c,
        complaints: c.complaints ?? [],
        trafficViolations: c.trafficViolations ?? [],
      });
    }
  });

  it('has every sanction entry, display-until kept exactly, and its objection', () => {
    const entries = byId(docs.sanctionEntries);
    const objections = byId(docs.objections);
    const names = new Map([...showcase.persons, ...showcase.enterprises].map((s) => [s.creditCode, s.name]));
    const serious: ListKind[] = ['DISHONEST_JUDGMENT_DEBTOR', 'COURIER_BLACKLIST', 'SERIOUS_DISHONESTY', 'MAJOR_TAX_VIOLATION'];
    for (const s of showcase.sanctions) {
      const d = get(entries, s.ref);
      expect([d.list, d.subject, d.authority, d.basis, d.decidedAt, d.status]).toEqual([
        s.list,
        s.subject,
        s.authority,
        s.basis,
        s.listedAt,
        s.status,
      ]);
      expect(d.displayUntil).toBe(s.displayUntil);
      expect(d.measures).toEqual(s.measures);
      expect(d.obligation).toBe(s.obligation);
      expect(d.repairedAt).toBe(s.repairedAt);
      expect(d.subjectName).toBe(names.get(s.subject));
      expect(d.subjectKind).toBe(s.subject.startsWith('9') ? 'ORGANISATION' : 'PERSON');
      expect(d.severity).toBe(serious.includes(s.list) ? 'SERIOUS' : 'GENERAL');
      if (s.objection) {
        expect(get(objections, s.objection.ref)).toEqual({
          _id: s.objection.ref,
          ref: s.objection.ref,
          factRef: s.ref,
          subject: s.subject,
          filedAt: s.objection.filedAt,
          dueAt: plusDays(s.objection.filedAt, 20),
          reason: s.objection.reason,
          status: s.objection.status,
        });
      }
    }
    expect(get(entries, '(2025)苏01执1234号').displayUntil).toBeNull();
    expect(get(objections, 'OBJ-2026-0193').dueAt).toBe('2026-12-10');
  });

  it('has every red-list entry and consent', () => {
    const red = byId(docs.redList);
    for (const r of showcase.redList) expect(get(red, r.ref)).toMatchObject(r);
    const consents = byId(docs.consents);
    expect(docs.consents).toHaveLength(showcase.consents.length);
    for (const c of showcase.consents) {
      expect(get(consents, `${c.subject}:${c.client}:${c.purpose}:${c.grantedAt}`)).toMatchObject(c);
    }
  });
});

describe('the default-scale seed', () => {
  let all: SeedBatch;
  beforeAll(() => {
    all = seedDocuments();
  });

  // Speed is measured by `npm run bench`, never asserted here: these machines are shared and noisy.
  it('has the default scale plus the showcase', () => {
    expect(all.persons.length).toBe(DEFAULT_SCALE.persons + showcase.persons.length);
    expect(all.enterprises.length).toBe(DEFAULT_SCALE.enterprises + showcase.enterprises.length);
    expect(all.merchants.length).toBe(DEFAULT_SCALE.merchants + showcase.merchants.length);
    expect(all.couriers.length).toBe(DEFAULT_SCALE.couriers + showcase.couriers.length);
  });

  it('contains the showcase documents unchanged', () => {
    const sc = showcaseDocuments();
    for (const name of COLLECTION_NAMES) {
      const ids = byId(all[name] as { _id: string }[]);
      for (const doc of sc[name] as { _id: string }[]) expect(ids.get(doc._id)).toEqual(doc);
    }
  });

  it('has no duplicate _id in any collection', () => {
    for (const name of COLLECTION_NAMES) {
      const ids = (all[name] as { _id: string }[]).map((d) => d._id);
      expect(new Set(ids).size, name).toBe(ids.length);
    }
  });

  it('gives every fact a reference no other fact uses', () => {
    const refs = [
      ...all.sanctionEntries.map((d) => d.ref),
      ...all.penalties.map((d) => d.ref),
      ...all.financialDefaults.map((d) => d.ref),
      ...all.objections.map((d) => d.ref),
      ...all.redList.map((d) => d.ref),
      ...all.persons.flatMap((p) => p.occupations.flatMap((o) => o.misconduct.map((m) => m.ref))),
      ...all.merchants.flatMap((m) => m.violations.map((v) => v.ref)),
      ...all.couriers.flatMap((c) => [...c.complaints, ...c.trafficViolations].map((x) => x.ref)),
      ...all.courierCompanies.flatMap((c) => c.serviceWarnings.map((w) => w.ref)),
    ];
    const seen = new Set<string>();
    expect(failing(refs, (r) => !seen.has(r) && !!seen.add(r), String)).toEqual([]);
  });

  it('uses only valid codes', () => {
    const citizen = [
      ...all.persons.map((p) => p.creditCode),
      ...all.enterprises.map((e) => e.legalRepresentative),
      ...all.officers.map((o) => o.person),
      ...all.couriers.map((c) => c.person),
      ...all.financialDefaults.map((f) => f.subject),
      ...all.consents.map((c) => c.subject),
      ...all.objections.map((o) => o.subject),
      ...all.queryRecords.flatMap((q) => q.subjects),
    ];
    expect(failing(citizen, (c) => validateCitizenId(c) === null, String)).toEqual([]);
    const credit = [
      ...all.enterprises.map((e) => e.creditCode),
      ...all.penalties.map((p) => p.subject),
      ...all.officers.map((o) => o.enterprise),
      ...all.merchants.map((m) => m.platform),
      ...all.courierCompanies.map((c) => c.creditCode),
      ...all.couriers.map((c) => c.company),
    ];
    expect(failing(credit, (c) => validateCreditCode(c) === null, String)).toEqual([]);
    expect(all.enterprises.slice(showcase.enterprises.length).every((e) => e.creditCode.startsWith('9132'))).toBe(true);
    const kinded = [
      ...all.merchants.map((m) => ({ code: m.operator, kind: m.operatorKind })),
      ...all.sanctionEntries.map((s) => ({ code: s.subject, kind: s.subjectKind })),
      ...all.redList.map((s) => ({ code: s.subject, kind: s.subjectKind })),
    ];
    expect(failing(kinded, (x) => classifyCode(x.code) === x.kind, (x) => x.code)).toEqual([]);
  });

  it('is referentially intact', () => {
    const persons = byId(all.persons);
    const enterprises = byId(all.enterprises);
    const clients = byId(all.clients);
    const courierCompanies = byId(all.courierCompanies);
    const consents = byId(all.consents);
    const facts = byId(all.sanctionEntries);
    const isSubject = (code: string) => persons.has(code) || enterprises.has(code);
    const nameOf = (code: string) => persons.get(code)?.name ?? enterprises.get(code)?.name;

    expect(
      failing(all.enterprises, (e) => persons.has(e.legalRepresentative) && e.legalRepresentativeName === nameOf(e.legalRepresentative), (e) => e._id),
    ).toEqual([]);
    expect(
      failing(
        all.officers,
        (o) =>
          enterprises.has(o.enterprise) &&
          persons.has(o.person) &&
          o.name === nameOf(o.person) &&
          o._id === `${o.enterprise}:${o.person}:${o.role}`,
        (o) => o._id,
      ),
    ).toEqual([]);
    const withRep = new Set(all.officers.filter((o) => o.role === 'LEGAL_REPRESENTATIVE').map((o) => o.enterprise));
    expect(withRep.size).toBe(all.enterprises.length);
    expect(failing(all.penalties, (p) => enterprises.has(p.subject), (p) => p._id)).toEqual([]);
    expect(
      failing(
        all.merchants,
        (m) => enterprises.get(m.platform)?.kind === 'PLATFORM_OPERATOR' && isSubject(m.operator) && m.operatorName === nameOf(m.operator),
        (m) => m.id,
      ),
    ).toEqual([]);
    expect(failing(all.courierCompanies, (c) => enterprises.get(c.creditCode)?.kind === 'COURIER_COMPANY', (c) => c._id)).toEqual([]);
    expect(
      failing(all.couriers, (c) => persons.has(c.person) && courierCompanies.has(c.company) && c._id === c.person, (c) => c._id),
    ).toEqual([]);
    expect(failing(all.financialDefaults, (f) => persons.has(f.subject), (f) => f._id)).toEqual([]);
    expect(
      failing(
        all.consents,
        (c) =>
          persons.has(c.subject) &&
          (clients.get(c.client)?.purposes.includes(c.purpose) ?? false) &&
          c._id === `${c.subject}:${c.client}:${c.purpose}:${c.grantedAt}`,
        (c) => c._id,
      ),
    ).toEqual([]);
    expect(
      failing(
        all.queryRecords,
        (q) => q.subjects.every((s, i) => persons.has(s) && (q.consents[i] === null || consents.get(q.consents[i]!)?.subject === s)),
        (q) => q._id,
      ),
    ).toEqual([]);
    expect(
      failing([...all.sanctionEntries, ...all.redList], (s) => isSubject(s.subject) && s.subjectName === nameOf(s.subject), (s) => s._id),
    ).toEqual([]);
    expect(
      failing(all.objections, (o) => facts.get(o.factRef)?.subject === o.subject && o.dueAt === plusDays(o.filedAt, 20), (o) => o._id),
    ).toEqual([]);
  });

  it('covers every list, severity, status and collection', () => {
    // the registry's change log starts empty: only operators write it; so do the receipts of
    // publications (and the notices they send): only authorities write them, through the API;
    // and monitoring's: clients make their watches and endpoints, changes make events and deliveries
    const writtenLater = new Set<string>(['registryEvents', 'publications', 'notices', 'changeEvents', 'watches', 'webhookEndpoints', 'deliveries', 'deliveryClaims']);
    for (const name of COLLECTION_NAMES.filter((n) => !writtenLater.has(n))) expect(all[name].length, name).toBeGreaterThan(0);
    const lists = new Set(all.sanctionEntries.map((s) => s.list));
    const everyList: ListKind[] = [
      'DISHONEST_JUDGMENT_DEBTOR',
      'MAJOR_TAX_VIOLATION',
      'ECOMMERCE_BLACKLIST',
      'COURIER_BLACKLIST',
      'SERIOUS_DISHONESTY',
      'ADMINISTRATIVE_PENALTY',
    ];
    for (const l of everyList) expect(lists.has(l), l).toBe(true);

    const severities = new Set<Severity>([
      ...all.sanctionEntries.map((s) => s.severity),
      ...all.penalties.map((s) => s.severity),
      ...all.merchants.flatMap((m) => m.violations.map((v) => v.severity)),
      ...all.persons.flatMap((p) => p.occupations.flatMap((o) => o.misconduct.map((m) => m.severity))),
    ]);
    expect([...severities].sort()).toEqual(['GENERAL', 'MINOR', 'SERIOUS']);

    const kinds = new Set(all.enterprises.map((e) => e.kind));
    for (const k of ['COURIER_COMPANY', 'ECOMMERCE_COMPANY', 'PLATFORM_OPERATOR', 'MANUFACTURER', 'TRADING']) expect(kinds.has(k), k).toBe(true);
    expect(new Set(all.courierCompanies.map((c) => c.grade))).toEqual(new Set(['A', 'B', 'C', 'D']));
    expect(new Set(all.officers.map((o) => o.role)).size).toBe(4);
    expect(new Set(all.merchants.map((m) => m.platform)).size).toBeGreaterThan(1);
    expect(new Set(all.merchants.map((m) => m.operatorKind)).size).toBe(2);

    const entries = all.sanctionEntries;
    expect(entries.some((s) => s.status === 'REPAIRED' && s.repairedAt)).toBe(true);
    expect(entries.some((s) => s.status === 'REMOVED' && s.removedAt)).toBe(true);
    expect(entries.filter((s) => s.displayUntil === null).length).toBeGreaterThan(3);
    expect(entries.some((s) => typeof s.displayUntil === 'string' && s.displayUntil < SEED_AS_OF)).toBe(true);
    expect(all.financialDefaults.some((f) => f.repayment === 'SETTLED' && f.settledAt && f.displayUntil)).toBe(true);
    expect(all.consents.some((c) => c.revokedAt)).toBe(true);
    expect(all.consents.some((c) => c.expiresAt < SEED_AS_OF)).toBe(true);
    expect(all.consents.some((c) => c.expiresAt > SEED_AS_OF && !c.revokedAt)).toBe(true);
    expect(new Set(all.objections.map((o) => o.status)).size).toBeGreaterThan(2);
  });

  it('keeps each record internally consistent', () => {
    expect(
      failing(
        all.sanctionEntries,
        (e) =>
          (!e.removedAt || e.removedAt >= e.decidedAt) &&
          (!e.repairedAt || e.repairedAt > e.decidedAt) &&
          (!e.displayUntil || e.displayUntil > e.decidedAt),
        (e) => e._id,
      ),
    ).toEqual([]);
    expect(failing(all.financialDefaults, (f) => !f.settledAt || f.settledAt > f.overdueSince, (f) => f._id)).toEqual([]);
    expect(failing(all.consents, (c) => c.expiresAt > c.grantedAt, (c) => c._id)).toEqual([]);
    const persons = byId(all.persons);
    expect(
      failing(all.enterprises, (e) => e.registeredAt >= get(persons, e.legalRepresentative).birthDate, (e) => e._id),
    ).toEqual([]);
    expect(failing(all.persons, (p) => /^1[3-9]\d{9}$/.test(p.phone), (p) => p._id)).toEqual([]);
    const licences = all.persons.flatMap((p) => p.occupations.map((o) => ({ p, o })));
    expect(
      failing(licences, ({ o }) => !o.misconduct.some((m) => /吊销|撤销/.test(m.measure)) || o.status === 'REVOKED', ({ p }) => p._id),
    ).toEqual([]);
    expect(
      failing(all.couriers, (c) => get(persons, c.person).occupations.some((o) => o.occupation === 'COURIER'), (c) => c._id),
    ).toEqual([]);
  });

  it('looks like Jiangsu', () => {
    const synthetic = all.persons.slice(showcase.persons.length);
    const surnames = new Map<string, number>();
    for (const p of synthetic) surnames.set(p.name[0]!, (surnames.get(p.name[0]!) ?? 0) + 1);
    const top = [...surnames].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([s]) => s);
    expect(top.sort()).toEqual(['张', '李', '王'].sort());
    expect(synthetic.every((p) => p.creditCode.startsWith('32'))).toBe(true);
    expect(new Set(synthetic.map((p) => p.creditCode.slice(0, 4))).size).toBe(13);
    expect(synthetic.every((p) => p.name.length >= 2 && p.name.length <= 4)).toBe(true);
    const cities = /^(南京|无锡|徐州|常州|苏州|南通|连云港|淮安|盐城|扬州|镇江|泰州|宿迁)市|^[\u4e00-\u9fa5]{2,3}(市|县)/;
    expect(synthetic.every((p) => cities.test(p.address))).toBe(true);
    expect(SHOWCASE_PLATFORM.code).toBe(showcase.enterprises.find((e) => e.kind === 'PLATFORM_OPERATOR')?.creditCode);
  });
});

describe('SeedBatch helpers', () => {
  it('lists every collection once', () => {
    const names: CollectionName[] = Object.keys(emptyBatch()) as CollectionName[];
    expect([...COLLECTION_NAMES].sort()).toEqual(names.sort());
  });
});

describe('npm run seed: what it loads by default', () => {
  it('loads the default scale, or only the showcase with HUB_SEED=showcase unless counts are given (compose demo profile)', async () => {
    const { parseCli, SHOWCASE_ONLY } = await import('../fixtures/seed/cli.ts');
    expect(parseCli([]).scale).toEqual(DEFAULT_SCALE);
    expect(parseCli([], SHOWCASE_ONLY).scale).toEqual({ persons: 0, enterprises: 0, merchants: 0, couriers: 0, listEntries: 0 });
    expect(parseCli(['--persons', '500'], SHOWCASE_ONLY).scale).toMatchObject({ persons: 500, enterprises: 0 });
  });
});
