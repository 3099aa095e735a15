/**
 * Existence is personal information (domain.md section 5, information flow). A root field keyed by
 * a person's ID answers whether the hub holds a file on them; to an asker whose view opens no
 * non-public fact of that kind about the person, an ID with a file and an ID without one must get
 * the same answer. Such an asker gets the same answer object either way, whose fields its view
 * then denies one by one, exactly as for a person with a file.
 */
import type { Subject } from './decide.ts';
import type { FactClass } from './matrix.ts';
import type { SubjectView } from './view.ts';

export interface ViewSource {
  view(subject: Subject): SubjectView | Promise<SubjectView>;
}

/**
 * The record when there is one; otherwise, to an asker who may know of such records (`about`: the
 * class whose existence the field reveals, or any class for a person's file), null; to anyone
 * else the stand-in, which carries the key and nothing the asker's view would let it read.
 */
export async function recordOrStandIn<T>(policy: ViewSource, subject: Subject, record: T | null, standIn: () => T, about?: FactClass): Promise<T | null> {
  if (record) return record;
  const view = await policy.view(subject);
  return view.knows(about) ? null : standIn();
}
