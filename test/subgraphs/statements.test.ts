/**
 * Tier 1: the subject's own statement on a fact (issue 13, item 6; domain.md section 6). The
 * person attaches it in the persons subgraph, to a fact of any owner found through the fact
 * locators, and replaces it by attaching again; every owner shows it beside its fact to whoever
 * may see the fact in full, and to nobody else. Each change is recorded before it is made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { seededEmbeddedStore, TODAY } from '../support/hub.ts';
import { inProcess, viewers } from '../support/subgraph.ts';

const 张伟 = '320502198203174715';
const 李梅 = '320102198509231629';
const 刘洋 = '320583199001011531';
const 王建国 = '320106197805123519';
const 张伟_DEFAULT = 'JL-LOAN-2023-0917';
const 李梅_COURT_LISTING = '(2025)苏01执1234号';
const 刘洋_VIOLATION = 'EV-2026-0042';
const 刘洋_SHOP = 'yunji:shop:208877';

let store: Store;
const sub: Record<string, Awaited<ReturnType<typeof inProcess>>> = {};
beforeAll(async () => {
  store = await seededEmbeddedStore({ persons: 20, enterprises: 5, merchants: 5, couriers: 5, listEntries: 5 });
  for (const name of ['persons', 'sanctions', 'ecommerce'] as const) sub[name] = await inProcess(SUBGRAPHS[name], store);
}, 60_000);
afterAll(async () => {
  for (const s of Object.values(sub)) await s.stop();
});

const ATTACH = `mutation($f: ID!, $s: String!) { attachStatement(factRef: $f, statement: $s) { factRef text madeAt updatedAt version } }`;
const STATEMENT = 'statement { factRef text madeAt updatedAt version }';

function ok<T = any>(res: { data?: any; errors?: any[] }): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

describe('attaching a statement', () => {
  it('attaches a statement to a fact in your own file, replaces it when you attach again, and records each change first', async () => {
    const first = ok(await sub.persons!.run(viewers.self(刘洋), ATTACH, { f: 刘洋_VIOLATION, s: '  刷单系第三方代运营所为，已终止合作。 ' })).attachStatement;
    expect(first).toEqual({ factRef: 刘洋_VIOLATION, text: '刷单系第三方代运营所为，已终止合作。', madeAt: TODAY, updatedAt: TODAY, version: 1 });
    const second = ok(await sub.persons!.run(viewers.self(刘洋), ATTACH, { f: 刘洋_VIOLATION, s: '已终止与代运营方的合作，并完成整改。' })).attachStatement;
    expect(second).toEqual({ factRef: 刘洋_VIOLATION, text: '已终止与代运营方的合作，并完成整改。', madeAt: TODAY, updatedAt: TODAY, version: 2 });
    expect(await store.collection('statements').count({ factRef: 刘洋_VIOLATION })).toBe(1);

    const records = await store.collection('queryRecords').find({ action: 'attachStatement', target: 刘洋_VIOLATION });
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.subjects[0] === 刘洋 && r.clientKind === 'SUBJECT' && r.purpose === 'SELF_ACCESS')).toBe(true);
    // the record names the change, never the words
    expect(JSON.stringify(records)).not.toContain('代运营');
  });

  it('answers a fact outside your file exactly like a ref that does not exist', async () => {
    const someoneElses = await sub.persons!.run(viewers.self(王建国), ATTACH, { f: 张伟_DEFAULT, s: '不是我' });
    const madeUp = await sub.persons!.run(viewers.self(王建国), ATTACH, { f: 'JL-LOAN-0000-0000', s: '不是我' });
    const shape = (r: any) => JSON.stringify(r).split(张伟_DEFAULT).join('<REF>').split('JL-LOAN-0000-0000').join('<REF>');
    expect(someoneElses.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'factRef' }, message: expect.stringMatching(/no fact with ref .* in your file/) });
    expect(shape(someoneElses)).toBe(shape(madeUp));
    expect(await store.collection('statements').count({ factRef: 张伟_DEFAULT, subject: 王建国 })).toBe(0);
  });

  it('takes 1 to 500 characters of plain text', async () => {
    for (const [s, message] of [
      ['', /1 to 500 characters \(it has 0\)/],
      ['   ', /1 to 500 characters \(it has 0\)/],
      ['长'.repeat(501), /1 to 500 characters \(it has 501\)/],
      ['已还清\u0007', /plain text: remove the control characters/],
    ] as const) {
      const res = await sub.persons!.run(viewers.self(张伟), ATTACH, { f: 张伟_DEFAULT, s });
      expect(res.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'statement' }, message: expect.stringMatching(message) });
    }
    // line breaks stay
    expect(ok(await sub.persons!.run(viewers.self(张伟), ATTACH, { f: 张伟_DEFAULT, s: '第一行\n第二行' })).attachStatement.text).toBe('第一行\n第二行');
  });

  it('is for the subject only, naming who may', async () => {
    for (const viewer of [viewers.regulator, viewers.bank, viewers.developer]) {
      const res = await sub.persons!.run(viewer, ATTACH, { f: 张伟_DEFAULT, s: '代为说明' });
      expect(res.errors![0]).toMatchObject({ message: expect.stringMatching(/^attachStatement is for the data subject only/), extensions: { code: 'FORBIDDEN', reason: 'SUBJECT_ONLY' } });
    }
  });
});

describe('who sees a statement', () => {
  it("shows 张伟's statement on his default to the bank he consented to, the regulator and himself; the employer sees neither the default nor it", async () => {
    const query = `query($c: ID!) { person(creditCode: $c) { financialDefaults { ref ${STATEMENT} } } }`;
    for (const viewer of [viewers.bank, viewers.regulator, viewers.self(张伟)]) {
      const [d] = ok(await sub.persons!.run(viewer, query, { c: 张伟 })).person.financialDefaults;
      expect(d.statement, viewer.kind === 'CLIENT' ? viewer.client : 'self').toMatchObject({ factRef: 张伟_DEFAULT, version: expect.any(Number) });
    }
    for (const viewer of [viewers.employer, viewers.platform, viewers.developer]) {
      const res = await sub.persons!.run(viewer, query, { c: 张伟 });
      expect(res.data.person.financialDefaults).toBeNull();
      expect(JSON.stringify(res)).not.toContain('银行协商');
    }
  });

  it("shows 李梅's statement on her court listing to those who see the listing in full, never to the public, which sees the listing itself", async () => {
    const query = `query($r: ID!) { sanctionEntry(ref: $r) { ref subjectName ${STATEMENT} } }`;
    const full = ok(await sub.sanctions!.run(viewers.regulator, query, { r: 李梅_COURT_LISTING })).sanctionEntry;
    expect(full.statement).toEqual({ factRef: 李梅_COURT_LISTING, text: '本人已向法院申请执行和解，正在筹款履行。', madeAt: '2026-06-01', updatedAt: '2026-06-01', version: 1 });

    for (const viewer of [viewers.developer, viewers.employer, viewers.bank]) {
      // the bank holds no consent from 李梅: her listing is public, its statement is not
      const res = await sub.sanctions!.run(viewer, query, { r: 李梅_COURT_LISTING });
      expect(res.data.sanctionEntry).toMatchObject({ ref: 李梅_COURT_LISTING, statement: null });
      expect(res.errors).toEqual([expect.objectContaining({ path: ['sanctionEntry', 'statement'], extensions: expect.objectContaining({ code: 'FORBIDDEN', field: 'SanctionEntry.statement' }) })]);
      expect(JSON.stringify(res)).not.toContain('执行和解');
    }
  });

  it("shows the shop operator's statement on a violation to the platform he consented to, and not to a lender, which sees only that there are violations", async () => {
    ok(await sub.persons!.run(viewers.self(刘洋), ATTACH, { f: 刘洋_VIOLATION, s: '已完成整改。' }));
    const query = `query($id: ID!) { merchant(id: $id) { hasViolations violations { ref ${STATEMENT} } } }`;
    const platform = ok(await sub.ecommerce!.run(viewers.platform, query, { id: 刘洋_SHOP })).merchant;
    expect(platform.violations).toEqual([{ ref: 刘洋_VIOLATION, statement: expect.objectContaining({ text: '已完成整改。' }) }]);
    const bank = await sub.ecommerce!.run(viewers.bank, query, { id: 刘洋_SHOP });
    expect(bank.data.merchant.violations).toBeNull();
    expect(JSON.stringify(bank)).not.toContain('已完成整改');
  });
});
