/**
 * Every index the hub relies on, declared once. The MongoDB adapter creates them at start;
 * the embedded adapter builds hash indexes from the same list for its equality and $in lookups.
 */
import type { IndexSpec } from './port.ts';

export const INDEXES: readonly IndexSpec[] = [
  { collection: 'financialDefaults', keys: { subject: 1 } },
  { collection: 'consents', keys: { subject: 1, client: 1, purpose: 1 } },
  { collection: 'objections', keys: { factRef: 1 } },
  { collection: 'objections', keys: { subject: 1 } },
  { collection: 'objections', keys: { status: 1, dueAt: 1 } },
  { collection: 'repairRequests', keys: { subject: 1 } },
  { collection: 'repairRequests', keys: { factRef: 1 } },
  // multikey: a record names every subject of its group
  { collection: 'queryRecords', keys: { subjects: 1, at: -1 } },
  { collection: 'queryRecords', keys: { requestId: 1 } },
  { collection: 'penalties', keys: { subject: 1 } },
  { collection: 'officers', keys: { person: 1 } },
  { collection: 'officers', keys: { enterprise: 1 } },
  { collection: 'merchants', keys: { operator: 1 } },
  { collection: 'merchants', keys: { platform: 1 } },
  { collection: 'couriers', keys: { company: 1 } },
  { collection: 'sanctionEntries', keys: { subject: 1 } },
  { collection: 'sanctionEntries', keys: { list: 1, status: 1 } },
  { collection: 'redList', keys: { subject: 1 } },
  { collection: 'registryEvents', keys: { client: 1, at: -1 } },
];
