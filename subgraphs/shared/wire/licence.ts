/**
 * What an issuing authority (client kind AUTHORITY) is licensed to publish: which kinds of fact,
 * optionally for subjects of which regions, and under which document numbers. It is held in the
 * client registry beside the client's purposes, and checked by the subgraph that owns the fact
 * before anything about the fact or its subject is read: a refusal depends on the record sent and
 * the licence only, never on what the hub holds.
 */

/** The lists the hub federates (domain.md section 7): the one source of the names. */
export const LIST_KINDS = [
  'DISHONEST_JUDGMENT_DEBTOR',
  'MAJOR_TAX_VIOLATION',
  'ECOMMERCE_BLACKLIST',
  'COURIER_BLACKLIST',
  'SERIOUS_DISHONESTY',
  'ADMINISTRATIVE_PENALTY',
] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/**
 * The kinds of fact a licence can name: the lists, which the sanctions subgraph publishes, and a
 * lender's financial defaults, which the persons subgraph takes (persons/services/defaults.ts).
 * Another owner's fact kind (a platform's shop violations) joins this list when its owner takes
 * publications.
 */
export const PUBLISHABLE_FACTS = [...LIST_KINDS, 'FINANCIAL_DEFAULT'] as const;
export type PublishableFact = (typeof PUBLISHABLE_FACTS)[number];

export interface PublishLicence {
  /** the kinds of fact (for lists: the lists) the authority may publish, correct, revoke and end */
  facts: PublishableFact[];
  /**
   * the administrative divisions whose subjects it may publish about, as code prefixes (`32` for
   * Jiangsu, `3201` for Nanjing, `320106` for Gulou): a citizen ID's address code (positions 1–6),
   * an organisation code's division (positions 3–8). Absent: any.
   */
  regions?: string[];
  /**
   * the document numbers it issues, as patterns where `*` stands for any run of characters, e.g.
   * `(*)苏01执*号` for the Nanjing Intermediate Court's enforcement cases. A ref names one
   * authority's document: refs outside the patterns are refused whatever the hub holds, so no
   * authority can learn, by publishing under it, whether a ref of another's exists. Operators give
   * authorities patterns that no two of them share.
   */
  refs: string[];
}

const REGION = /^\d{2,6}$/;

/** What is wrong with a licence, in words; undefined when it is sound. */
export function licenceProblem(l: PublishLicence | undefined): string | undefined {
  if (!l) return 'an AUTHORITY client needs a licence: the facts it publishes (--publishes) and its document numbers (--refs)';
  if (l.facts.length === 0) return 'a licence names at least one kind of fact (--publishes)';
  for (const f of l.facts) if (!(PUBLISHABLE_FACTS as readonly string[]).includes(f)) return `unknown kind of fact "${f}"; one of ${PUBLISHABLE_FACTS.join(', ')}`;
  for (const r of l.regions ?? []) if (!REGION.test(r)) return `region "${r}" must be a division code prefix of 2 to 6 digits (32, 3201, 320106)`;
  if (l.refs.length === 0) return 'a licence names the document numbers the authority issues (--refs, e.g. "(*)苏01执*号")';
  for (const p of l.refs) if (p.replaceAll('*', '').length < 2 || p.length > 60) return `ref pattern "${p}" must have at least 2 fixed characters and at most 60 in all`;
  return undefined;
}

/** `*` matches any run of characters; everything else itself. Anchored at both ends. */
export function refMatches(pattern: string, ref: string): boolean {
  const parts = pattern.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (parts.length === 1) return ref === pattern;
  if (!ref.startsWith(first) || ref.length < first.length + last.length || !ref.endsWith(last)) return false;
  let at = first.length;
  const end = ref.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = ref.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/** The division code of a subject's credit code: a citizen ID's address code, an organisation code's positions 3–8. */
export function divisionOf(code: string, kind: 'PERSON' | 'ORGANISATION'): string {
  return kind === 'PERSON' ? code.slice(0, 6) : code.slice(2, 8);
}

export type LicenceRefusal = { reason: 'FACT_NOT_LICENSED' | 'REGION_NOT_LICENSED' | 'REF_NOT_LICENSED'; message: string };

/** Why this licence does not cover a record; undefined when it does. Depends on the record and the licence only. */
export function licenceRefusal(l: PublishLicence | undefined, record: { fact: string; ref: string; subject: string; subjectKind: 'PERSON' | 'ORGANISATION' }): LicenceRefusal | undefined {
  if (!l || !l.facts.includes(record.fact as PublishableFact)) {
    return { reason: 'FACT_NOT_LICENSED', message: `your licence does not cover ${record.fact}: it covers ${l?.facts.join(', ') || 'nothing'}` };
  }
  if (l.regions && l.regions.length > 0 && !l.regions.some((r) => divisionOf(record.subject, record.subjectKind).startsWith(r))) {
    return { reason: 'REGION_NOT_LICENSED', message: `your licence covers subjects of the divisions ${l.regions.join(', ')} only` };
  }
  if (!l.refs.some((p) => refMatches(p, record.ref))) {
    return { reason: 'REF_NOT_LICENSED', message: `ref "${record.ref.slice(0, 80)}" is not one of your document numbers (${l.refs.join(', ')})` };
  }
  return undefined;
}
