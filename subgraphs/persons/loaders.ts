/** Per-request loaders of the persons subgraph: one `$in` query per batch, results in key order. */
import type { LoaderDeps, SubgraphContext } from '../shared/platform/createSubgraph.ts';
import DataLoader from 'dataloader';
import { perSubject, type SubjectRecord } from '../shared/platform/audit.ts';
import { manyByKey, oneByKey } from '../shared/platform/loaders.ts';
import { person } from '../shared/facts/subjects.ts';
import { personsRepository } from './repository.ts';

export function createLoaders({ store, views, policy }: LoaderDeps) {
  const repo = personsRepository(store);
  return {
    person: oneByKey(async (codes) => {
      // What these persons' fields will need, fetched beside them: objection flags and repair
      // requests (the view loads both), and the consents that let every field be decided at once.
      void views.objectionsBySubject.loadMany(codes);
      const holders = codes.map(person);
      const [docs] = await Promise.all([repo.persons(codes), policy.prefetch(holders)]);
      // each answer is a fresh object: carry its subject, made once rather than per guarded field
      const byCode = new Map(holders.map((h) => [h.code, h]));
      return docs.map((d) => Object.assign(d, { holder: byCode.get(d._id) }));
    }, (p) => p._id),
    financialDefaults: manyByKey(repo.financialDefaults, (d) => d.subject),
    consents: manyByKey(repo.consents, (c) => c.subject),
    client: oneByKey(repo.clients, (c) => c._id),
    /** each subject's entries of the records that name it (a record may name many) */
    queryRecords: new DataLoader<string, SubjectRecord[]>(async (codes) => {
      const asked = new Set(codes);
      const bySubject = new Map<string, SubjectRecord[]>();
      for (const r of await repo.queryRecords(codes)) {
        for (const entry of perSubject(r)) {
          if (!asked.has(entry.subject)) continue;
          const list = bySubject.get(entry.subject);
          if (list) list.push(entry);
          else bySubject.set(entry.subject, [entry]);
        }
      }
      return codes.map((c) => bySubject.get(c) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export type Context = SubgraphContext<Loaders>;
