/** The sanctions subgraph's facts a subject can object to: its list entries. */
import { listFactKind } from '../shared/facts/lifecycle.ts';
import type { FactLocator } from '../shared/facts/locator.ts';

export const locateFacts: FactLocator = async (store, ref) => {
  const entry = await store.collection('sanctionEntries').findOne({ _id: ref });
  if (!entry) return [];
  return [{ ref, subject: entry.subject, subjectKind: entry.subjectKind, kind: listFactKind(entry.list), description: `${entry.list} listing`, fact: entry }];
};
