/**
 * The showcase subjects (test/fixtures/showcase.json) as stored documents, verbatim: every
 * identifier, name, document number, date and amount is copied, never regenerated. Only
 * values the fixture lacks (an enterprise's address and registered capital) are derived,
 * from the enterprise's own code so they never change.
 */
import { readFileSync } from 'node:fs';
import type {
  ClientKind,
  CourierCompanyDoc,
  EnterpriseDoc,
  FinancialDefaultDoc,
  Gender,
  ListKind,
  Measure,
  MisconductDoc,
  OccupationDoc,
  Purpose,
  SanctionEntryDoc,
  Severity,
  ViolationDoc,
} from '../documents.ts';
import { classifyCode, isProblem } from '../ids.ts';
import { OBJECTION_DAYS } from '../lifecycle.ts';
import { emptyBatch, type SeedBatch } from './batch.ts';
import { cityByDivision, districtByCode, placeName, STREETS } from './jiangsu.ts';
import { addDays, addYears } from '../clock.ts';
import { DEFAULT_LIMITS, hashDevelopmentSecret } from '../identity/registry.ts';
import { hashString } from './random.ts';

// ---------- the fixture's shape ----------

export interface ShowcaseMisconduct {
  ref: string;
  what: string;
  measure: string;
  authority: string;
  decidedAt: string;
  severity: Severity;
}

export interface ShowcaseOccupation {
  occupation: string;
  licenseNo: string;
  issuer: string;
  status: OccupationDoc['status'];
  misconduct?: ShowcaseMisconduct[];
}

export interface ShowcaseFinancialDefault {
  ref: string;
  lender: string;
  product: string;
  overdueAmount: number;
  overdueSince: string;
  status: FinancialDefaultDoc['repayment'];
  settledAt?: string;
}

export interface ShowcasePerson {
  creditCode: string;
  name: string;
  gender: Gender;
  birthDate: string;
  phone: string;
  address: string;
  occupations?: ShowcaseOccupation[];
  financialDefaults?: ShowcaseFinancialDefault[];
  note?: string;
}

export interface ShowcaseEnterprise {
  creditCode: string;
  name: string;
  kind: string;
  legalRepresentative: string;
  registeredAt: string;
  status: EnterpriseDoc['status'];
  courierLicense?: CourierCompanyDoc['license'];
  courierGrade?: CourierCompanyDoc['grade'];
  complaintRatePerMillion?: number;
  serviceWarnings?: CourierCompanyDoc['serviceWarnings'];
  penalties?: ShowcaseMisconduct[];
  commitments?: EnterpriseDoc['commitments'];
}

export interface ShowcaseMerchant {
  id: string;
  platform: string;
  shopName: string;
  operator: string;
  realNameVerified: boolean;
  licenseDisplayed: boolean;
  rating: number;
  ratingCount: number;
  complaints90d: number;
  status: 'ACTIVE' | 'RESTRICTED' | 'HIDDEN' | 'CLOSED';
  violations?: { ref: string; kind: ViolationDoc['kind']; what: string; decidedAt: string; measure: string }[];
}

export interface ShowcaseCourier {
  person: string;
  company: string;
  since: string;
  rating: number;
  complaints?: { ref: string; reason: string; at: string }[];
  trafficViolations?: { ref: string; what: string; at: string }[];
}

export interface ShowcaseObjection {
  ref: string;
  filedAt: string;
  reason: string;
  status: 'UNDER_REVIEW' | 'CORRECTED' | 'REMOVED' | 'CONFIRMED';
  resolvedAt?: string;
  outcomeReason?: string;
}

export interface ShowcaseSanction {
  ref: string;
  list: ListKind;
  subject: string;
  authority: string;
  basis: string;
  obligation?: string;
  listedAt: string;
  displayUntil?: string | null;
  status: SanctionEntryDoc['status'];
  repairedAt?: string;
  removedAt?: string;
  measures: Measure[];
  objection?: ShowcaseObjection;
  note?: string;
}

export interface ShowcaseRedListEntry {
  ref: string;
  subject: string;
  honor: string;
  authority: string;
  listedAt: string;
  displayUntil: string | null;
}

export interface ShowcaseConsent {
  subject: string;
  client: string;
  purpose: Purpose;
  grantedAt: string;
  expiresAt: string;
  revokedAt?: string;
}

export interface Showcase {
  clients: { id: string; name: string; kind: ClientKind; purposes: Purpose[] }[];
  persons: ShowcasePerson[];
  enterprises: ShowcaseEnterprise[];
  merchants: ShowcaseMerchant[];
  couriers: ShowcaseCourier[];
  sanctions: ShowcaseSanction[];
  redList: ShowcaseRedListEntry[];
  consents: ShowcaseConsent[];
  invalidIdentifiers: Record<string, string>;
}

export const SHOWCASE_URL = new URL('../../../test/fixtures/showcase.json', import.meta.url);

let cached: Showcase | undefined;
/** The parsed fixture, read once per process. Treat it as read-only. */
export function loadShowcase(): Showcase {
  cached ??= JSON.parse(readFileSync(SHOWCASE_URL, 'utf8')) as Showcase;
  return cached;
}

// ---------- mapping ----------

/** Lists whose entries are SERIOUS facts; the others are GENERAL (domain.md section 6). */
const SERIOUS_LISTS: ReadonlySet<ListKind> = new Set<ListKind>([
  'DISHONEST_JUDGMENT_DEBTOR',
  'COURIER_BLACKLIST',
  'SERIOUS_DISHONESTY',
  'MAJOR_TAX_VIOLATION',
]);

export function sanctionSeverity(list: ListKind): Severity {
  return SERIOUS_LISTS.has(list) ? 'SERIOUS' : 'GENERAL';
}

/** Negative credit-reporting facts are kept 5 years from the end of the default (征信条例 Art. 16). */
export const DEFAULT_RETENTION_YEARS = 5;

const CAPITAL_BY_KIND: Record<string, readonly number[]> = {
  PLATFORM_OPERATOR: [50_000_000, 100_000_000, 200_000_000],
  COURIER_COMPANY: [5_000_000, 10_000_000, 20_000_000, 50_000_000],
  ECOMMERCE_COMPANY: [1_000_000, 3_000_000, 5_000_000, 10_000_000],
};
const CAPITAL_DEFAULT = [1_000_000, 2_000_000, 5_000_000, 10_000_000] as const;

/** An address in the division the code was issued in, chosen by the code's hash. */
function derivedAddress(creditCode: string): string {
  const h = hashString(creditCode);
  const division = creditCode.slice(2, 8);
  const district = districtByCode(division);
  const place = district ? placeName(district) : (cityByDivision(division)?.name ?? '江苏省');
  return `${place}${STREETS[h % STREETS.length]!}${1 + ((h >>> 8) % 300)}号`;
}

function derivedCapital(creditCode: string, kind: string): number {
  const options = CAPITAL_BY_KIND[kind] ?? CAPITAL_DEFAULT;
  return options[hashString(`capital:${creditCode}`) % options.length]!;
}

function kindOf(code: string): 'PERSON' | 'ORGANISATION' {
  const kind = classifyCode(code);
  if (isProblem(kind)) throw new Error(`showcase code ${code} is invalid: ${kind.message}`);
  return kind;
}

function misconductDoc(m: ShowcaseMisconduct): MisconductDoc {
  // no displayUntil key: the display period is derived from severity at read time
  return {
    ref: m.ref,
    what: m.what,
    measure: m.measure,
    authority: m.authority,
    decidedAt: m.decidedAt,
    severity: m.severity,
    status: 'ACTIVE',
  };
}

/**
 * The app through which data subjects sign in to their own file in development: the development
 * issuer gives it self-access tokens for a subject (`npm run -s token -- --subject <code>`).
 */
export const DEVELOPMENT_SUBJECT_APP = { id: 'dev-self-access', name: '本人查询（开发）', kind: 'SUBJECT_APP', purposes: ['SELF_ACCESS'] } as const satisfies {
  id: string;
  name: string;
  kind: ClientKind;
  purposes: Purpose[];
};

/**
 * The secret each seeded client uses at the development issuer. Public (it is in this repository)
 * and labelled: clients registered with `npm run clients -- add` get random secrets instead.
 */
export const developmentSecret = (clientId: string) => `DEVELOPMENT-ONLY secret of ${clientId}`;

const secretHashes = new Map<string, string>();
function developmentSecretHash(clientId: string): string {
  let h = secretHashes.get(clientId);
  if (!h) secretHashes.set(clientId, (h = hashDevelopmentSecret(developmentSecret(clientId))));
  return h;
}

const SEEDED_AT = '2026-01-01T00:00:00.000Z';

/** The showcase as one document batch, every collection present. */
export function showcaseDocuments(showcase: Showcase = loadShowcase()): SeedBatch {
  const out = emptyBatch();
  const names = new Map<string, string>();
  for (const p of showcase.persons) names.set(p.creditCode, p.name);
  for (const e of showcase.enterprises) names.set(e.creditCode, e.name);
  const nameOf = (code: string): string => {
    const name = names.get(code);
    if (name === undefined) throw new Error(`showcase refers to unknown subject ${code}`);
    return name;
  };

  for (const c of [...showcase.clients, DEVELOPMENT_SUBJECT_APP]) {
    out.clients.push({
      _id: c.id,
      id: c.id,
      name: c.name,
      kind: c.kind,
      purposes: [...c.purposes],
      status: 'ACTIVE',
      credentials: { secretHash: developmentSecretHash(c.id) },
      limits: { ...DEFAULT_LIMITS },
      createdAt: SEEDED_AT,
      updatedAt: SEEDED_AT,
    });
  }

  for (const p of showcase.persons) {
    out.persons.push({
      _id: p.creditCode,
      creditCode: p.creditCode,
      name: p.name,
      gender: p.gender,
      birthDate: p.birthDate,
      phone: p.phone,
      address: p.address,
      occupations: (p.occupations ?? []).map((o) => ({
        occupation: o.occupation,
        licenseNo: o.licenseNo,
        issuer: o.issuer,
        status: o.status,
        misconduct: (o.misconduct ?? []).map(misconductDoc),
      })),
    });
    for (const f of p.financialDefaults ?? []) {
      const doc: FinancialDefaultDoc = {
        _id: f.ref,
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
        // no term while unpaid; once settled, the 5-year clock runs from settlement
        displayUntil: f.status === 'SETTLED' && f.settledAt ? addYears(f.settledAt, DEFAULT_RETENTION_YEARS) : null,
      };
      if (f.settledAt) doc.settledAt = f.settledAt;
      out.financialDefaults.push(doc);
    }
  }

  for (const e of showcase.enterprises) {
    out.enterprises.push({
      _id: e.creditCode,
      creditCode: e.creditCode,
      name: e.name,
      kind: e.kind,
      legalRepresentative: e.legalRepresentative,
      legalRepresentativeName: nameOf(e.legalRepresentative),
      registeredAt: e.registeredAt,
      status: e.status,
      address: derivedAddress(e.creditCode),
      registeredCapital: derivedCapital(e.creditCode, e.kind),
      commitments: (e.commitments ?? []).map((x) => ({ ref: x.ref, text: x.text, madeAt: x.madeAt })),
    });
    out.officers.push({
      _id: `${e.creditCode}:${e.legalRepresentative}:LEGAL_REPRESENTATIVE`,
      enterprise: e.creditCode,
      person: e.legalRepresentative,
      name: nameOf(e.legalRepresentative),
      role: 'LEGAL_REPRESENTATIVE',
      since: e.registeredAt,
    });
    for (const pen of e.penalties ?? []) {
      out.penalties.push({ _id: pen.ref, subject: e.creditCode, ...misconductDoc(pen) });
    }
    if (e.courierLicense && e.courierGrade) {
      out.courierCompanies.push({
        _id: e.creditCode,
        creditCode: e.creditCode,
        license: { no: e.courierLicense.no, status: e.courierLicense.status },
        grade: e.courierGrade,
        complaintRatePerMillion: e.complaintRatePerMillion ?? 0,
        serviceWarnings: (e.serviceWarnings ?? []).map((w) => ({ ref: w.ref, reason: w.reason, issuedAt: w.issuedAt })),
      });
    }
  }

  for (const m of showcase.merchants) {
    const authority = names.get(m.platform) ?? m.platform;
    out.merchants.push({
      _id: m.id,
      id: m.id,
      platform: m.platform,
      shopName: m.shopName,
      operator: m.operator,
      operatorKind: kindOf(m.operator),
      operatorName: nameOf(m.operator),
      realNameVerified: m.realNameVerified,
      licenseDisplayed: m.licenseDisplayed,
      rating: m.rating,
      ratingCount: m.ratingCount,
      complaints90d: m.complaints90d,
      status: m.status,
      violations: (m.violations ?? []).map((v) => ({
        ref: v.ref,
        kind: v.kind,
        what: v.what,
        measure: v.measure,
        decidedAt: v.decidedAt,
        authority,
        severity: 'GENERAL',
        status: 'ACTIVE',
      })),
    });
  }

  for (const c of showcase.couriers) {
    out.couriers.push({
      _id: c.person,
      person: c.person,
      company: c.company,
      since: c.since,
      rating: c.rating,
      complaints: (c.complaints ?? []).map((x) => ({ ref: x.ref, reason: x.reason, at: x.at })),
      trafficViolations: (c.trafficViolations ?? []).map((x) => ({ ref: x.ref, what: x.what, at: x.at })),
    });
  }

  for (const s of showcase.sanctions) {
    const doc: SanctionEntryDoc = {
      _id: s.ref,
      ref: s.ref,
      list: s.list,
      subject: s.subject,
      subjectKind: kindOf(s.subject),
      subjectName: nameOf(s.subject),
      authority: s.authority,
      basis: s.basis,
      severity: sanctionSeverity(s.list),
      decidedAt: s.listedAt,
      status: s.status,
      measures: [...s.measures],
    };
    if (s.obligation !== undefined) doc.obligation = s.obligation;
    if (s.displayUntil !== undefined) doc.displayUntil = s.displayUntil;
    if (s.repairedAt !== undefined) doc.repairedAt = s.repairedAt;
    if (s.removedAt !== undefined) doc.removedAt = s.removedAt;
    out.sanctionEntries.push(doc);

    // A person's repaired fact was repaired on their application: the approved request is kept.
    if (s.status === 'REPAIRED' && s.repairedAt !== undefined && doc.subjectKind === 'PERSON') {
      const ref = `REP-${s.repairedAt.slice(0, 4)}-${String(out.repairRequests.length + 1).padStart(4, '0')}`;
      out.repairRequests.push({
        _id: ref,
        ref,
        factRef: s.ref,
        subject: s.subject,
        requestedAt: s.repairedAt,
        statement: '已依法整改并履行全部义务，申请信用修复',
        status: 'APPROVED',
        decidedAt: s.repairedAt,
        decidedBy: 'regulator-jiangsu-credit',
      });
    }

    if (s.objection) {
      const o = s.objection;
      out.objections.push({
        _id: o.ref,
        ref: o.ref,
        factRef: s.ref,
        subject: s.subject,
        filedAt: o.filedAt,
        dueAt: addDays(o.filedAt, OBJECTION_DAYS),
        reason: o.reason,
        status: o.status,
        ...(o.resolvedAt === undefined ? {} : { resolvedAt: o.resolvedAt }),
        ...(o.outcomeReason === undefined ? {} : { outcomeReason: o.outcomeReason }),
      });
    }
  }

  for (const r of showcase.redList) {
    out.redList.push({
      _id: r.ref,
      ref: r.ref,
      subject: r.subject,
      subjectKind: kindOf(r.subject),
      subjectName: nameOf(r.subject),
      honor: r.honor,
      authority: r.authority,
      listedAt: r.listedAt,
      displayUntil: r.displayUntil,
    });
  }

  for (const c of showcase.consents) {
    out.consents.push({
      _id: `${c.subject}:${c.client}:${c.purpose}:${c.grantedAt}`,
      subject: c.subject,
      client: c.client,
      purpose: c.purpose,
      grantedAt: c.grantedAt,
      expiresAt: c.expiresAt,
      ...(c.revokedAt === undefined ? {} : { revokedAt: c.revokedAt }),
    });
  }

  return out;
}

/** Every credit code the showcase uses, for keeping synthetic codes apart from them. */
export function showcaseCodes(showcase: Showcase = loadShowcase()): { persons: string[]; enterprises: string[] } {
  return {
    persons: showcase.persons.map((p) => p.creditCode),
    enterprises: showcase.enterprises.map((e) => e.creditCode),
  };
}

