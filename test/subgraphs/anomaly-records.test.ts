/**
 * What the audit records keep for the regulator's anomaly report (issue 13, item 5): beside each
 * subject, the state of the consent the asker's purpose required — VALID, or NONE, EXPIRED or
 * REVOKED when it asked without one — and null when its purpose needs none; and a screening call's
 * own record, saying how many subjects it screened and naming none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { persons } from '../../subgraphs/persons/index.ts';
import { sanctions } from '../../subgraphs/sanctions/index.ts';
import type { QueryRecordDoc } from '../../subgraphs/shared/platform/audit.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { ask, CONSENT, dataOf, recordsOf, showcaseStore, start, viewers, 张伟, 李梅, 王建国, 陈静, type Running } from './harness.ts';

let store: Store;
let people: Running;
let lists: Running;
beforeAll(async () => {
  store = await showcaseStore();
  people = await start(persons, store);
  lists = await start(sanctions, store);
});
afterAll(async () => {
  await people?.built.server.stop();
  await lists?.built.server.stop();
});

/** Each subject of an answer's records, with the consent state kept beside it. */
function statesOf(records: QueryRecordDoc[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const r of records) r.subjects.forEach((s, i) => (out[s] = r.consentStates ? r.consentStates[i]! : 'ABSENT'));
  return out;
}

const NAMES = /* GraphQL */ `query($c: [ID!]!) { persons(creditCodes: $c) { name } }`;

describe('each subject of a record carries the state of the consent its asker needed', () => {
  it('VALID, NONE and EXPIRED, each beside its own subject, in one answer', async () => {
    const bank = await ask(people, viewers.bank, NAMES, { c: [张伟, 李梅] });
    expect(statesOf(await recordsOf(store, bank))).toEqual({ [张伟]: 'VALID', [李梅]: 'NONE' });
    const employer = await ask(people, viewers.employer, NAMES, { c: [张伟, 陈静] });
    const records = await recordsOf(store, employer);
    expect(statesOf(records)).toEqual({ [张伟]: 'EXPIRED', [陈静]: 'VALID' });
    // the consent named stays the one the facts were released under
    const consentOf = (s: string) => records.flatMap((r) => r.subjects.map((x, i) => [x, r.consents[i]])).find(([x]) => x === s)![1];
    expect(consentOf(陈静)).toBe(CONSENT.陈静_employer);
    expect(consentOf(张伟)).toBeNull();
  });

  it('REVOKED once the subject withdrew it', async () => {
    dataOf(await ask(people, viewers.self(王建国), /* GraphQL */ `mutation($id: ID!) { revokeConsent(id: $id) { state } }`, { id: CONSENT.王建国_bank }));
    const bank = await ask(people, viewers.bank, NAMES, { c: [王建国] });
    expect(statesOf(await recordsOf(store, bank))).toEqual({ [王建国]: 'REVOKED' });
  });

  it('null where the purpose needs no consent (the regulator, the public, the subject on their own file)', async () => {
    for (const viewer of [viewers.regulator, viewers.developer]) {
      const res = await ask(people, viewer, NAMES, { c: [李梅] });
      expect(statesOf(await recordsOf(store, res)), viewer.client).toEqual({ [李梅]: null });
    }
    const own = await ask(people, viewers.self(李梅), NAMES, { c: [李梅] });
    expect(statesOf(await recordsOf(store, own))).toEqual({ [李梅]: null });
  });

  it("on another owner's path too: the sanctions subgraph records the bank's read of 李梅's lists without consent", async () => {
    const res = await ask(lists, viewers.bank, /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { sanctions { taxViolations { ref } } } } }`, {
      r: [{ __typename: 'Person', creditCode: 李梅 }, { __typename: 'Person', creditCode: 张伟 }],
    });
    expect(statesOf(await recordsOf(store, res))).toEqual({ [李梅]: 'NONE', [张伟]: 'VALID' });
  });
});

describe('a screening call leaves a record of its own', () => {
  const SCREEN = /* GraphQL */ `query($s: [ScreenInput!]!) { screen(subjects: $s) { name hits { ref } } }`;

  it('naming no subject, with how many it screened', async () => {
    const res = await ask(lists, viewers.developer, SCREEN, { s: [{ name: '张三' }, { name: '李四' }, { name: '王五' }] });
    dataOf(res);
    const records = await recordsOf(store, res);
    expect(records).toEqual([expect.objectContaining({ client: 'developer-sandbox', purpose: 'PUBLIC', subjects: [], screened: 3 })]);
  });

  it("beside the records of the persons whose listings it named, which stay theirs", async () => {
    const res = await ask(lists, viewers.regulator, SCREEN, { s: [{ name: '李梅' }] });
    expect(dataOf(res).screen[0].hits.length).toBeGreaterThan(0);
    const records = await recordsOf(store, res);
    expect(records.filter((r) => r.screened === 1 && r.subjects.length === 0)).toHaveLength(1);
    expect(records.some((r) => r.subjects.includes(李梅) && r.screened === undefined)).toBe(true);
  });

  it('and none when the call is refused for its input', async () => {
    const res = await ask(lists, viewers.developer, SCREEN, { s: [] });
    expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(await recordsOf(store, res)).toEqual([]);
  });
});
