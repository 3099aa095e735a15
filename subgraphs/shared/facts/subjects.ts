/**
 * Every fact is about a subject: a natural person or an organisation. Entities know their own
 * subject; nested fact objects carry their holder, so the policy can decide each field.
 */
import type { SubjectKind } from '../platform/ids.ts';
import type { Subject } from '../policy/decide.ts';
import type { Links } from '../wire/links.ts';
import type { Viewer } from '../wire/viewer.ts';

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
  /** the sealed key the person was reached by (wire/links.ts): answered as its creditCode, so the ID stays unread */
  sealedKey?: string;
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
  ctx: { policy: { prefetch(subjects: readonly Subject[]): Promise<void> | undefined }; links: Links; viewer: Viewer },
): PersonRef | null | Promise<PersonRef> {
  const resolved = openedReference(ref, ctx);
  if (!resolved) return null;
  const pending = ctx.policy.prefetch([resolved.holder as Subject]);
  return pending ? pending.then(() => resolved) : resolved;
}

/**
 * A Person reference as this subgraph resolves it: a citizen ID as given, or a sealed key opened
 * into the ID it stands for, keeping the key to answer as the person's creditCode. Null when a
 * sealed key does not open for this asker: no person, as for an ID with no file.
 */
export function openedReference(ref: { creditCode: string }, ctx: { links: Links; viewer: Viewer }): PersonRef | null {
  const code = ctx.links.open(ref.creditCode, ctx.viewer);
  if (code === null) return null;
  return code === ref.creditCode ? { creditCode: code, holder: person(code) } : { creditCode: code, holder: person(code), sealedKey: ref.creditCode };
}

/** What a person answers as its creditCode: the sealed key it was reached by, else its ID. */
export const personKey = (p: { creditCode: string; sealedKey?: string }): string => p.sealedKey ?? p.creditCode;

/** The subject of a Person object: its holder when it carries one, else made from its key. */
export const personSubject = (p: { creditCode: string; holder?: Subject }): Subject => p.holder ?? person(p.creditCode);
