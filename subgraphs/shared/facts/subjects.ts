/**
 * Every fact is about a subject: a natural person or an organisation. Entities know their own
 * subject; nested fact objects carry their holder, so the policy can decide each field.
 */
import type { SubjectKind } from '../platform/ids.ts';
import type { Subject } from '../policy/decide.ts';

export type { Subject };

export type Held<T> = T & { readonly holder: Subject };

export function hold<T extends object>(holder: Subject, items: readonly T[]): Held<T>[] {
  return items.map((item) => ({ ...item, holder }));
}

export const person = (code: string): Subject => ({ code, kind: 'PERSON' });
export const organisation = (code: string): Subject => ({ code, kind: 'ORGANISATION' });
export const subjectOf = (code: string, kind: SubjectKind): Subject => ({ code, kind });
export const holderOf = (parent: { holder: Subject }): Subject => parent.holder;

/** The reference a subgraph returns for an entity another subgraph owns. */
export interface PersonRef {
  creditCode: string;
  /** the subject, made once per object rather than once per guarded field */
  holder?: Subject;
}
export interface EnterpriseRef {
  creditCode: string;
}

/**
 * `__resolveReference` for a Person that another subgraph owns: the reference is all this
 * subgraph needs, but it fetches the person's consent state first (batched across the request)
 * so that every field of the person is then decided without waiting. When the state is already
 * known (forwarded by the gateway from the persons fetch), nothing is awaited.
 */
export function personReference(
  ref: { creditCode: string },
  ctx: { policy: { prefetch(subjects: readonly Subject[]): Promise<void> | undefined } },
): PersonRef | Promise<PersonRef> {
  const holder = person(ref.creditCode);
  const resolved: PersonRef = { creditCode: ref.creditCode, holder };
  const pending = ctx.policy.prefetch([holder]);
  return pending ? pending.then(() => resolved) : resolved;
}

/** The subject of a Person object: its holder when it carries one, else made from its key. */
export const personSubject = (p: { creditCode: string; holder?: Subject }): Subject => p.holder ?? person(p.creditCode);
