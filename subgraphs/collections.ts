/**
 * Every collection of the hub, composed from the declarations of its owners: the subgraphs' own
 * documents.ts, the filings and consents the persons subgraph keeps for every subgraph to read,
 * the audit log every subgraph appends to, and the client registry. Each collection's owner — its
 * only writer — is named here once; the type fails to compile when a collection has none.
 */
import { COLLECTIONS as couriers } from './couriers/documents.ts';
import { COLLECTIONS as ecommerce } from './ecommerce/documents.ts';
import { COLLECTIONS as enterprises } from './enterprises/documents.ts';
import { COLLECTIONS as persons } from './persons/documents.ts';
import { COLLECTIONS as sanctions } from './sanctions/documents.ts';
import { CHANGE_COLLECTIONS } from './shared/facts/changes.ts';
import { FILING_COLLECTIONS, OFFICER_COLLECTIONS } from './shared/facts/documents.ts';
import { AUDIT_COLLECTIONS } from './shared/platform/audit.ts';
import { indexSpecs, type CollectionIndexes, type CollectionName, type IndexSpec } from './shared/platform/store/port.ts';
import { REGISTRY_COLLECTIONS } from './shared/wire/registry.ts';
import type { SubgraphName } from './list.ts';

/** who writes a collection: a subgraph, or the operators' registry CLI */
export type Owner = SubgraphName | 'registry';

const OWNED: readonly (readonly [Owner, CollectionIndexes])[] = [
  ['persons', persons],
  ['persons', FILING_COLLECTIONS],
  // written by every subgraph (its own answers), read by persons (the subject's query records)
  ['persons', AUDIT_COLLECTIONS],
  // the change outbox: every owner puts its events in, the monitoring worker (persons/monitor/) alone marks them
  ['persons', CHANGE_COLLECTIONS],
  ['registry', REGISTRY_COLLECTIONS],
  ['enterprises', enterprises],
  ['enterprises', OFFICER_COLLECTIONS],
  ['ecommerce', ecommerce],
  ['couriers', couriers],
  ['sanctions', sanctions],
];

export const COLLECTION_OWNERS = Object.fromEntries(OWNED.flatMap(([owner, declared]) => Object.keys(declared).map((c) => [c, owner]))) as Record<
  CollectionName,
  Owner
>;

/** every collection, in the order above */
export const COLLECTION_NAMES = Object.keys(COLLECTION_OWNERS) as CollectionName[];

/** Every index the hub relies on: MongoDB creates them at start, the embedded store builds hash indexes from them. */
export const INDEXES: readonly IndexSpec[] = OWNED.flatMap(([, declared]) => indexSpecs(declared));

/** A collection some layer declares (`declare module`) but no owner lists above: `never`, or the build fails below. */
type Unowned = Exclude<CollectionName, keyof (typeof persons & typeof FILING_COLLECTIONS & typeof AUDIT_COLLECTIONS & typeof CHANGE_COLLECTIONS & typeof REGISTRY_COLLECTIONS & typeof OFFICER_COLLECTIONS & typeof enterprises & typeof ecommerce & typeof couriers & typeof sanctions)>;
export const EVERY_COLLECTION_OWNED: [Unowned] extends [never] ? true : { unowned: Unowned } = true;
