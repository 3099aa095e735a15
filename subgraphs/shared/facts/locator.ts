/**
 * Fact locators: how a subject's filing (an objection, a repair request) finds the fact it names.
 * Each subgraph that owns facts a subject can object to declares its own locator in its own folder
 * (`<name>/locator.ts`, `locateFacts` on its module); the persons subgraph, which keeps the filings,
 * is handed all of them when it is built. A locator reads its owner's collections and never writes.
 */
import type { Correctable } from './corrections.ts';
import type { FactLifecycle } from './documents.ts';
import type { SubjectKind } from '../platform/ids.ts';
import type { Store } from '../platform/store/port.ts';
import type { FactKind, LifecycleFact } from './lifecycle.ts';
import type { FactClass } from '../policy/matrix.ts';

export interface LocatedFact {
  ref: string;
  /** whose fact it is */
  subject: string;
  subjectKind: SubjectKind;
  /** which display rules apply */
  kind: FactKind;
  /** the matrix's class of the fact: who may be told of a change to it (monitoring) */
  cls: FactClass;
  /** what the fact is, in words, for messages */
  description: string;
  fact: LifecycleFact & Pick<FactLifecycle, 'authority'>;
  /** the fields an objection's answer may correct, as the owner allows (facts/corrections.ts) */
  correctable: Correctable;
}

/**
 * The facts with this ref an owner holds, looked up as the person `subject` asks about it: the
 * owner may return another subject's fact with the same ref; the caller keeps only the asker's own.
 */
export type FactLocator = (store: Store, ref: string, subject: string) => Promise<LocatedFact[]>;

/** Finds a fact in a person's own file, across every owner's locator. */
export type FactFinder = (subject: string, ref: string) => Promise<LocatedFact | null>;

export function factFinder(store: Store, locators: readonly FactLocator[]): FactFinder {
  return async (subject, ref) => {
    const found = (await Promise.all(locators.map((locate) => locate(store, ref, subject)))).flat();
    // another person's fact, or an organisation's, is answered like no fact at all
    return found.find((f) => f.subjectKind === 'PERSON' && f.subject === subject) ?? null;
  };
}
