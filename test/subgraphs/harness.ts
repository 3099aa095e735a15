/**
 * What the per-subgraph tests share: an embedded store holding the showcase (test/fixtures/
 * showcase.json) and nothing else, one subgraph in-process over it, a run that gives each answer
 * its own request id (so that the audit records of one answer can be found), and the showcase's
 * subjects by name.
 */
import { expect } from 'vitest';
import { INDEXES } from '../../subgraphs/collections.ts';
import type { SubgraphModule } from '../../subgraphs/shared/platform/createSubgraph.ts';
import type { QueryRecordDoc } from '../../subgraphs/shared/platform/audit.ts';
import { EmbeddedStore } from '../../subgraphs/shared/platform/store/embedded.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import { loadBatch } from '../fixtures/seed/load.ts';
import { showcaseDocuments } from '../fixtures/seed/index.ts';
import { asTheGatewayAsksTheScore, inProcess, viewers } from '../support/subgraph.ts';

export { viewers };

// ---------- the showcase subjects (test/fixtures/showcase.json) ----------

export const 王建国 = '320106197805123519';
export const 李梅 = '320102198509231629';
export const 张伟 = '320502198203174715';
export const 陈静 = '320203199507082021';
export const 刘洋 = '320583199001011531';
export const 赵磊 = '320115197511303019';
export const 孙丽 = '320104198802145423';
export const 周强 = '320982198610092710';
export const 吴刚 = '320106197004051113';

export const 诚达物流 = '91320106MA1W2K3L48';
export const 优品电商 = '91320505MA1P7Q8R2P';
export const 速达快递 = '91320211MA1X4Y5T2H';
export const 云集网络 = '91320191MA1C6D7E7F';

/** The example of GB 11643-1999 itself (domain.md section 3): a valid citizen ID the hub holds no file for. */
export const NO_FILE = '11010519491231002X';

/** The consent ids the seed stores: subject, client, purpose, day granted. */
export const CONSENT = {
  王建国_bank: `${王建国}:bank-jinling:LOAN_UNDERWRITING:2026-11-01`,
  张伟_bank: `${张伟}:bank-jinling:LOAN_UNDERWRITING:2026-10-15`,
  张伟_employer: `${张伟}:employer-suzhou-hr:EMPLOYMENT_SCREENING:2025-12-01`,
  陈静_employer: `${陈静}:employer-suzhou-hr:EMPLOYMENT_SCREENING:2026-11-10`,
  刘洋_platform: `${刘洋}:platform-yunji:MERCHANT_ONBOARDING:2026-01-05`,
} as const;

// ---------- a store and a subgraph ----------

/** A fresh embedded store holding the showcase documents, with the hub's indexes. */
export async function showcaseStore(): Promise<Store> {
  const store = new EmbeddedStore();
  await store.ensureIndexes(INDEXES);
  await loadBatch(store, showcaseDocuments());
  return store;
}

export type Running = Awaited<ReturnType<typeof inProcess>>;

export interface Answer {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions: Record<string, any> }[];
  /** the request id the answer was given under: its audit records carry it */
  requestId: string;
}

let sequence = 0;

/** One subgraph's answer to one viewer, under a request id of its own. */
export async function ask(subgraph: Running, viewer: Viewer, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const requestId = `subgraph-test-${process.pid}-${++sequence}`;
  // a score is asked as the gateway asks it, with the sanctions subgraph's part (test/support/subgraph.ts)
  const scored = subgraph.built.name === 'persons' ? asTheGatewayAsksTheScore(query, variables) : undefined;
  const res = await subgraph.built.server.executeOperation(scored ?? { query, variables }, { contextValue: subgraph.built.contextForViewer(viewer, requestId) });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  const result = res.body.singleResult as Omit<Answer, 'requestId'>;
  return { ...(scored ? scored.answer(result) : result), requestId };
}

/** The answer, which must carry no error. */
export function dataOf(res: Answer): any {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

/** The error on exactly this path, if any. */
export function errorAt(res: Answer, ...path: (string | number)[]) {
  return res.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(path));
}

/** The extensions of the FORBIDDEN error on exactly this path; fails when there is none. */
export function deniedAt(res: Answer, ...path: (string | number)[]): Record<string, any> {
  const e = errorAt(res, ...path);
  expect(e, `a FORBIDDEN error at ${path.join('.')}; errors: ${JSON.stringify(res.errors)}`).toBeDefined();
  expect(e!.extensions.code).toBe('FORBIDDEN');
  return e!.extensions;
}

/** The reasons of the denials of an answer, as [path, field, reason], in the order given. */
export const denials = (res: Answer) => (res.errors ?? []).map((e) => [e.path?.join('.'), e.extensions.field, e.extensions.reason]);

/** The one error of a refused call. */
export function refusal(res: Answer): { code: string; message: string; extensions: Record<string, any> } {
  expect(res.errors, 'the call should have been refused').toHaveLength(1);
  const [e] = res.errors!;
  return { code: e!.extensions.code, message: e!.message, extensions: e!.extensions };
}

/** The audit records an answer left, by its request id. */
export function recordsOf(store: Store, res: Answer): Promise<QueryRecordDoc[]> {
  return store.collection('queryRecords').find({ requestId: res.requestId });
}

/** The change record a mutation left (the one with an action), which must be the only one. */
export async function changeRecordOf(store: Store, res: Answer): Promise<QueryRecordDoc> {
  const changes = (await recordsOf(store, res)).filter((r) => r.action);
  expect(changes, 'one change record').toHaveLength(1);
  return changes[0]!;
}

/** Starts one subgraph module over a store. */
export const start = (module: SubgraphModule<any>, store: Store) => inProcess(module, store);
