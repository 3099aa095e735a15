/** The sanctions subgraph's facts a subject can object to: its list entries. */
import type { Correctable } from '../shared/facts/corrections.ts';
import { COURT_LISTS, listFactKind } from '../shared/facts/lifecycle.ts';
import type { FactLocator } from '../shared/facts/locator.ts';
import type { ListKind } from '../shared/facts/documents.ts';
import { LIST_CLASSES } from '../shared/policy/matrix.ts';

/**
 * What an objection's answer may correct on a list entry: why the subject was listed and the day
 * of the listing (its display period follows); on the court's list, also the obligation left
 * unperformed. Not the listed name, the list or the measures: those are the listing itself, for
 * the authority to revoke and publish again.
 */
export function entryCorrectable(list: ListKind): Correctable {
  return {
    basis: { kind: 'TEXT', stored: 'basis' },
    listedAt: { kind: 'DATE', stored: 'decidedAt' },
    ...(COURT_LISTS.includes(list) ? { obligation: { kind: 'TEXT', stored: 'obligation' } } : {}),
  };
}

export const locateFacts: FactLocator = async (store, ref) => {
  const entry = await store.collection('sanctionEntries').findOne({ _id: ref });
  if (!entry) return [];
  return [
    {
      ref,
      subject: entry.subject,
      subjectKind: entry.subjectKind,
      kind: listFactKind(entry.list),
      cls: LIST_CLASSES[entry.list],
      description: `${entry.list} listing`,
      fact: entry,
      correctable: entryCorrectable(entry.list),
    },
  ];
};
