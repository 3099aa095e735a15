/**
 * What a watcher is told of a change: the event, filtered by the watcher's view of the person (the
 * same SubjectView, matrix and consent rule every field of the API is decided by). A class the view
 * does not open at all is not delivered: not a detail-less notice, which would tell that a hidden
 * fact exists (domain.md section 5, "Explanations follow the question, not the facts"). A fact that
 * is gone (revoked, removed, expired, repaired) is never described: the watcher learns only its
 * ref, where its view lets it read the ref, so that it can drop what it holds.
 *
 * The payload is the webhook's body, in the Standard Webhooks shape { type, timestamp, data }.
 */
import { GONE, type ChangeEventDoc, type ChangedFact } from '../../shared/facts/changes.ts';
import { isPublicFact } from '../../shared/policy/decide.ts';
import type { FactClass, Form } from '../../shared/policy/matrix.ts';
import type { SubjectView } from '../../shared/policy/view.ts';

export interface Payload {
  body: string;
  /** the non-public classes it reveals: the delivery's audit record names them */
  classes: FactClass[];
}

/** The event type on the wire: `credithub.` and the change, lower case (e.g. credithub.listed). */
export const wireType = (type: string) => `credithub.${type.toLowerCase()}`;

export function payloadFor(event: ChangeEventDoc, view: SubjectView, organisations: SubjectView): Payload | null {
  const cls = event.cls;
  const used = new Set<FactClass>();
  const use = (c: FactClass, form: Form) => {
    if (!isPublicFact(c, form, 'PERSON')) used.add(c);
  };
  let fact: Partial<ChangedFact> & { listed?: boolean };
  if (event.type === 'RESTRICTION_VIA_ORGANISATION' || event.type === 'RESTRICTION_LIFTED') {
    // as Person.restrictions shows it: the person's role is an identity link, the listing the organisation's
    if (!view.allows('IDENTITY', 'FULL') || !organisations.allows(cls, 'FULL')) return null;
    // recorded as Person.restrictions records it: the listing's class, and the role as an identity link
    used.add(cls);
    use('IDENTITY', 'FULL');
    fact = event.type === 'RESTRICTION_LIFTED' ? { ref: event.fact.ref, organisation: event.fact.organisation, role: event.fact.role } : { ...event.fact };
  } else if (view.allows(cls, 'FULL')) {
    use(cls, 'FULL');
    fact = GONE.includes(event.type) ? { ref: event.fact.ref } : { ...event.fact };
  } else {
    // a reduced view: only the forms it names, and only of a fact still shown
    if (!['LISTED', 'CORRECTED', ...GONE].includes(event.type)) return null;
    fact = {};
    if (view.allows(cls, 'CASE_NUMBER')) {
      fact.ref = event.fact.ref;
      use(cls, 'CASE_NUMBER');
    }
    if (!GONE.includes(event.type)) {
      if (view.allows(cls, 'COURT') && event.fact.authority) {
        fact.authority = event.fact.authority;
        use(cls, 'COURT');
      }
      if (view.allows(cls, 'LISTED')) {
        fact.listed = true;
        use(cls, 'LISTED');
      }
    }
    if (Object.keys(fact).length === 0) return null;
  }
  const body = JSON.stringify({ type: wireType(event.type), timestamp: event.occurredAt, data: { creditCode: event.subject, class: cls, fact } });
  return { body, classes: [...used].sort() };
}
