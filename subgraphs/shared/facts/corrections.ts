/**
 * Corrections (domain.md section 6: an objection's answer "corrects, removes or confirms the fact,
 * and the outcome is kept"). An objection answered CORRECTED carries the corrected values; the
 * owner of the fact declares which of its fields may be corrected and how each is checked (its
 * locator: `LocatedFact.correctable`), and every owner shows its fact with the corrected values
 * from the day of the answer. The owner's document is not rewritten: only the owner writes its
 * facts, and the objection, which the persons subgraph keeps, is the record of what changed.
 */
import { isIsoDate, type IsoDate } from '../platform/clock.ts';
import type { CorrectionDoc, ObjectionDoc } from './documents.ts';

/** How a corrected value is written and checked. */
export type CorrectionKind = 'TEXT' | 'AMOUNT' | 'DATE';

export interface CorrectableField {
  kind: CorrectionKind;
  /** the field of the owner's document the API field stands for */
  stored: string;
}

/** The fields of one fact that an objection's answer may correct, by the names the API gives them. */
export type Correctable = Readonly<Record<string, CorrectableField>>;

/** The longest corrected text, like every free-text argument of the API. */
export const MAX_CORRECTED_TEXT = 500;
/** The largest corrected amount, in yuan. */
export const MAX_AMOUNT = 1_000_000_000_000;
/** The earliest corrected date the hub takes (the founding of the People's Republic). */
export const EARLIEST_DATE = '1949-10-01';

/** A checked value, or what is wrong with the one given. */
export type CheckedValue = { ok: true; value: string | number } | { ok: false; problem: string };

/** Checks one corrected value as its kind requires: a text, an amount in yuan, or a day not after today. */
export function checkCorrectedValue(kind: CorrectionKind, raw: string, today: IsoDate): CheckedValue {
  const v = raw.trim();
  switch (kind) {
    case 'TEXT':
      if (v.length < 1 || v.length > MAX_CORRECTED_TEXT) return { ok: false, problem: `must be a text of 1 to ${MAX_CORRECTED_TEXT} characters (it has ${v.length})` };
      return { ok: true, value: v };
    case 'AMOUNT': {
      if (!/^\d{1,13}(\.\d{1,2})?$/.test(v)) return { ok: false, problem: `must be an amount in yuan written with digits and at most 2 decimals, e.g. 30000 or 12345.67 (got "${v.slice(0, 20)}")` };
      const n = Number(v);
      if (!(n > 0) || n > MAX_AMOUNT) return { ok: false, problem: `must be more than 0 and at most ${MAX_AMOUNT} yuan` };
      return { ok: true, value: n };
    }
    case 'DATE':
      if (!isIsoDate(v)) return { ok: false, problem: `must be a date written YYYY-MM-DD (got "${v.slice(0, 20)}")` };
      if (v > today || v < EARLIEST_DATE) return { ok: false, problem: `must be a day from ${EARLIEST_DATE} to today (${today})` };
      return { ok: true, value: v };
  }
}

/** The corrections in force today, oldest answer first (by day, then round): a later answer's value of a field wins. */
function answeredCorrections(objections: readonly ObjectionDoc[], today: IsoDate): ObjectionDoc[] {
  return objections
    .filter((o) => o.status === 'CORRECTED' && o.corrections?.length && o.resolvedAt !== undefined && o.resolvedAt <= today)
    .sort((a, b) => a.resolvedAt!.localeCompare(b.resolvedAt!) || (a.correctionRound ?? 0) - (b.correctionRound ?? 0) || a.ref.localeCompare(b.ref));
}

/**
 * The fact as its corrections since answered have it: each corrected field takes the latest
 * corrected value. The same object when nothing was corrected (the common case costs nothing).
 */
export function corrected<T extends object>(fact: T, objections: readonly ObjectionDoc[], today: IsoDate): T {
  if (!objections.some((o) => o.status === 'CORRECTED' && o.corrections?.length)) return fact;
  const answers = answeredCorrections(objections, today);
  if (answers.length === 0) return fact;
  const out: Record<string, unknown> = { ...(fact as Record<string, unknown>) };
  for (const o of answers) for (const c of o.corrections!) out[c.stored] = c.value;
  return out as T;
}

/** A corrected value as a fact shows it beside its fields. */
export interface CorrectionView {
  field: string;
  value: string;
  objectionRef: string;
  correctedAt: IsoDate;
}

/** The values corrected on a fact, the latest per field, in the order the fields were first corrected. */
export function correctionsOf(objections: readonly ObjectionDoc[], today: IsoDate): CorrectionView[] {
  const byField = new Map<string, CorrectionView>();
  for (const o of answeredCorrections(objections, today)) {
    for (const c of o.corrections!) byField.set(c.field, { field: c.field, value: String(c.value), objectionRef: o.ref, correctedAt: o.resolvedAt! });
  }
  return [...byField.values()];
}

/** The round of a fact's next corrected answer: one more than the last. */
export function nextCorrectionRound(objections: readonly ObjectionDoc[]): number {
  return 1 + objections.reduce((max, o) => Math.max(max, o.status === 'CORRECTED' ? (o.correctionRound ?? 1) : 0), 0);
}

/** The corrected values of an answer, with the values they replace, checked against what the owner allows. */
export type CorrectionInput = { field: string; value: string };

export type CheckedCorrections = { ok: true; corrections: CorrectionDoc[] } | { ok: false; problem: string; field?: string };

/**
 * Checks an answer's corrections against the fields the fact's owner lets be corrected: each a
 * known field, given once, with a valid value that differs from the fact's current one.
 * `current` is the fact as shown today (earlier corrections applied).
 */
export function checkCorrections(inputs: readonly CorrectionInput[], correctable: Correctable, current: object, today: IsoDate): CheckedCorrections {
  const allowed = Object.keys(correctable);
  const names = allowed.length ? allowed.join(', ') : 'none';
  const seen = new Set<string>();
  const out: CorrectionDoc[] = [];
  for (const input of inputs) {
    const field = input.field.trim();
    const spec = correctable[field];
    if (!spec) return { ok: false, problem: `"${field.slice(0, 40)}" cannot be corrected on this fact; the fields that can are: ${names}`, field };
    if (seen.has(field)) return { ok: false, problem: `${field} is given twice: give each corrected field once`, field };
    seen.add(field);
    const checked = checkCorrectedValue(spec.kind, input.value, today);
    if (!checked.ok) return { ok: false, problem: `the corrected ${field} ${checked.problem}`, field };
    const previous = (current as Record<string, unknown>)[spec.stored];
    const before = typeof previous === 'string' || typeof previous === 'number' ? previous : null;
    if (before === checked.value) return { ok: false, problem: `${field} is already ${String(before)}: a correction must change it`, field };
    out.push({ field, stored: spec.stored, previous: before, value: checked.value });
  }
  return { ok: true, corrections: out };
}
