/**
 * The purposes a request can declare (domain.md section 1), as ONE table: whether a natural
 * person's consent is needed for its column of the matrix, and which kinds of client may ever be
 * licensed for it. Everything else derives from here: the Purpose and ClientKind types, the
 * registry's licence check, the consent rule, the matrix's columns (which the compiler then
 * requires for every fact class). A new purpose is a row here and a column in the matrix.
 */
export const PURPOSE_TABLE = {
  LOAN_UNDERWRITING: { consent: true, kinds: ['BANK'] },
  EMPLOYMENT_SCREENING: { consent: true, kinds: ['EMPLOYER'] },
  MERCHANT_ONBOARDING: { consent: true, kinds: ['PLATFORM'] },
  SUPERVISION: { consent: false, kinds: ['REGULATOR'] },
  /** a data subject on their own file, through a subject app */
  SELF_ACCESS: { consent: false, kinds: ['SUBJECT_APP'] },
  PUBLIC: { consent: false, kinds: ['DEVELOPER'] },
  /**
   * an issuing authority (a court, a tax bureau, a market regulator, a postal bureau) feeding the
   * facts it issues: it reads what the public reads, and its own publications through its receipts
   */
  PUBLICATION: { consent: false, kinds: ['AUTHORITY'] },
} as const satisfies Record<string, { consent: boolean; kinds: readonly string[] }>;

export type Purpose = keyof typeof PURPOSE_TABLE;
export type ClientKind = (typeof PURPOSE_TABLE)[Purpose]['kinds'][number];

export const PURPOSES = Object.keys(PURPOSE_TABLE) as Purpose[];

/** The columns that need the subject's consent when the subject is a natural person. */
export const CONSENT_PURPOSES: ReadonlySet<Purpose> = new Set(PURPOSES.filter((p) => PURPOSE_TABLE[p].consent));

/** Which purposes each kind of client can ever be licensed for. */
export const KIND_PURPOSES: Readonly<Record<ClientKind, readonly Purpose[]>> = (() => {
  const out = {} as Record<ClientKind, Purpose[]>;
  for (const p of PURPOSES) for (const kind of PURPOSE_TABLE[p].kinds) (out[kind] ??= []).push(p);
  return out;
})();

export const CLIENT_KINDS = Object.keys(KIND_PURPOSES) as ClientKind[];
