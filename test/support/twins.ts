/**
 * Twins for the information-flow suite: persons who differ only in one kind of fact. A base twin
 * holds an identity file and nothing else; each class twin holds the same file plus facts of one
 * class (a misconduct, a default, a tax or penalty listing, a shop, a courier file, a role); the
 * "full" twin holds every one of them and "nobody" holds nothing at all, not even a file. Each
 * comes in two sets: one whose members consented to every showcase client for its purpose, and
 * one whose members consented to nobody. None of them holds a public fact (a court listing, a
 * red-list honour), so an asker who may not see a class must not be able to tell its twins apart.
 */
import type { ConsentDoc } from '../../subgraphs/shared/facts/documents.ts';
import type { CourierDoc } from '../../subgraphs/couriers/documents.ts';
import type { FinancialDefaultDoc, PersonDoc } from '../../subgraphs/persons/documents.ts';
import type { MerchantDoc } from '../../subgraphs/ecommerce/documents.ts';
import type { OfficerDoc } from '../../subgraphs/shared/facts/documents.ts';
import type { SanctionEntryDoc } from '../../subgraphs/sanctions/documents.ts';
import { makeCitizenId, maskCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import type { FactClass } from '../../subgraphs/shared/policy/matrix.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };

/** The classes a twin can hold facts of, each with the documents that carry them. */
export const TWIN_CLASSES = ['OCCUPATION', 'FINANCIAL_DEFAULT', 'TAX_VIOLATION', 'ADMIN_PENALTY', 'ECOMMERCE', 'COURIER', 'IDENTITY'] as const satisfies readonly FactClass[];
export type TwinClass = (typeof TWIN_CLASSES)[number];

export const TWIN_NAME = '欧阳试样';
const COURIER_COMPANY = '91320106MA1W2K3L48';
const PLATFORM = '91320191MA1C6D7E7F';
const ROLE_COMPANY = '91320505MA1P7Q8R2P';

export interface Twin {
  code: string;
  masked: string;
  /** the refs of the facts it holds, which must never reach an asker who may not see them */
  refs: string[];
}

export interface TwinSet {
  consented: boolean;
  base: Twin;
  full: Twin;
  nobody: Twin;
  byClass: Record<TwinClass, Twin>;
}

/** one birth date for every twin of a set, so that no answer tells them apart by it; odd sequences: men */
const twin = (area: string, index: number): string => makeCitizenId(area, '1980-01-10', 101 + 2 * index);

interface Docs {
  persons: PersonDoc[];
  financialDefaults: FinancialDefaultDoc[];
  sanctionEntries: SanctionEntryDoc[];
  merchants: MerchantDoc[];
  couriers: CourierDoc[];
  officers: OfficerDoc[];
  consents: ConsentDoc[];
}

function facts(code: string, cls: TwinClass, tag: string): { refs: string[]; docs: Partial<Docs>; occupations?: PersonDoc['occupations'] } {
  const recent = '2026-09-01';
  const entry = (list: SanctionEntryDoc['list'], ref: string, measures: SanctionEntryDoc['measures']): SanctionEntryDoc => ({
    _id: ref,
    ref,
    list,
    subject: code,
    subjectKind: 'PERSON',
    subjectName: TWIN_NAME,
    authority: '测试机关',
    basis: '测试依据',
    severity: 'SERIOUS',
    decidedAt: recent,
    status: 'ACTIVE',
    measures,
  });
  switch (cls) {
    case 'OCCUPATION': {
      const ref = `测教罚〔2026〕${tag}号`;
      return {
        refs: [ref, `教资${tag}`],
        docs: {},
        occupations: [
          {
            occupation: 'TEACHER',
            licenseNo: `教资${tag}`,
            issuer: '测试教育局',
            status: 'SUSPENDED',
            misconduct: [{ ref, what: '测试违规', measure: '停止执业', authority: '测试教育局', decidedAt: recent, severity: 'GENERAL', status: 'ACTIVE' }],
          },
        ],
      };
    }
    case 'FINANCIAL_DEFAULT': {
      const ref = `TEST-LOAN-${tag}`;
      const d: FinancialDefaultDoc = {
        _id: ref,
        ref,
        subject: code,
        lender: '测试银行',
        product: '消费贷款',
        overdueAmount: 12345.67,
        overdueSince: recent,
        repayment: 'OVERDUE',
        authority: '测试银行',
        severity: 'SERIOUS',
        decidedAt: recent,
        status: 'ACTIVE',
      };
      return { refs: [ref], docs: { financialDefaults: [d] } };
    }
    case 'TAX_VIOLATION': {
      const ref = `测税稽罚〔2026〕${tag}号`;
      return { refs: [ref], docs: { sanctionEntries: [entry('MAJOR_TAX_VIOLATION', ref, ['FINANCING', 'HIGH_CONSUMPTION'])] } };
    }
    case 'ADMIN_PENALTY': {
      const ref = `测市监罚〔2026〕${tag}号`;
      return { refs: [ref], docs: { sanctionEntries: [{ ...entry('ADMINISTRATIVE_PENALTY', ref, ['GOVERNMENT_PROCUREMENT']), severity: 'GENERAL' }] } };
    }
    case 'ECOMMERCE': {
      const shop = `yunji:shop:9${tag}`;
      const ref = `测黑〔2026〕${tag}号`;
      const violation = `EV-TEST-${tag}`;
      const m: MerchantDoc = {
        _id: shop,
        id: shop,
        platform: PLATFORM,
        shopName: `试样小铺${tag}`,
        operator: code,
        operatorKind: 'PERSON',
        operatorName: TWIN_NAME,
        realNameVerified: true,
        licenseDisplayed: false,
        rating: 2.5,
        ratingCount: 77,
        complaints90d: 9,
        status: 'RESTRICTED',
        violations: [{ ref: violation, kind: 'FAKE_ORDERS', what: '测试刷单', measure: '限制流量', authority: '云集', decidedAt: recent, severity: 'GENERAL', status: 'ACTIVE' }],
      };
      return { refs: [shop, ref, violation, `试样小铺${tag}`], docs: { merchants: [m], sanctionEntries: [entry('ECOMMERCE_BLACKLIST', ref, ['PLATFORM_ENTRY'])] } };
    }
    case 'COURIER': {
      const ref = `测邮管黑〔2026〕${tag}号`;
      const c: CourierDoc = {
        _id: code,
        person: code,
        company: COURIER_COMPANY,
        since: '2022-01-01',
        rating: 3.3,
        complaints: [{ ref: `CP-TEST-${tag}`, reason: '测试投诉', at: recent }],
        trafficViolations: [{ ref: `TV-TEST-${tag}`, what: '测试违章', at: recent }],
      };
      return { refs: [ref, `CP-TEST-${tag}`, `TV-TEST-${tag}`], docs: { couriers: [c], sanctionEntries: [entry('COURIER_BLACKLIST', ref, ['PLATFORM_ENTRY'])] } };
    }
    case 'IDENTITY': {
      const o: OfficerDoc = { _id: `${ROLE_COMPANY}:${code}:DIRECTOR`, enterprise: ROLE_COMPANY, person: code, name: TWIN_NAME, role: 'DIRECTOR', since: '2020-01-01' };
      return { refs: [], docs: { officers: [o] } };
    }
  }
}

function personDoc(code: string, occupations: PersonDoc['occupations']): PersonDoc {
  return { _id: code, creditCode: code, name: TWIN_NAME, gender: 'MALE', birthDate: `${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}`, phone: '13800000000', address: '测试市测试路1号', occupations };
}

function consentsOf(code: string): ConsentDoc[] {
  return showcase.clients.flatMap((c) =>
    c.purposes
      .filter((p) => p === 'LOAN_UNDERWRITING' || p === 'EMPLOYMENT_SCREENING' || p === 'MERCHANT_ONBOARDING')
      .map((purpose) => ({ _id: `${code}:${c.id}:${purpose}:2026-11-01`, subject: code, client: c.id, purpose: purpose as ConsentDoc['purpose'], grantedAt: '2026-11-01', expiresAt: '2027-11-01' })),
  );
}

/** Builds both sets and writes them to the store. */
export async function plantTwins(store: Store): Promise<{ consented: TwinSet; plain: TwinSet }> {
  const docs: Docs = { persons: [], financialDefaults: [], sanctionEntries: [], merchants: [], couriers: [], officers: [], consents: [] };
  const add = (more: Partial<Docs>) => {
    for (const [k, v] of Object.entries(more) as [keyof Docs, never[]][]) docs[k].push(...v);
  };
  const build = (consented: boolean, area: string): TwinSet => {
    let n = 0;
    const make = (classes: readonly TwinClass[], file: boolean): Twin => {
      const index = n++;
      const code = twin(area, index);
      const refs: string[] = [];
      let occupations: PersonDoc['occupations'] = [];
      for (const cls of classes) {
        const f = facts(code, cls, `${consented ? 1 : 2}${String(index).padStart(2, '0')}`);
        refs.push(...f.refs);
        add(f.docs);
        if (f.occupations) occupations = f.occupations;
      }
      if (file) docs.persons.push(personDoc(code, occupations));
      if (consented) docs.consents.push(...consentsOf(code));
      return { code, masked: maskCitizenId(code), refs };
    };
    const base = make([], true);
    const full = make(TWIN_CLASSES, true);
    const nobody = make([], false);
    const byClass = Object.fromEntries(TWIN_CLASSES.map((cls) => [cls, make([cls], true)])) as Record<TwinClass, Twin>;
    return { consented, base, full, nobody, byClass };
  };
  const consented = build(true, '320507');
  const plain = build(false, '320508');
  for (const [name, list] of Object.entries(docs) as [keyof Docs, { _id: string }[]][]) {
    if (list.length) await store.collection(name).insertMany(list as never[]);
  }
  return { consented, plain };
}
