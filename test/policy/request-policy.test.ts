/**
 * The policy of one request (subgraphs/shared/policy/requestPolicy.ts): each person's consent read
 * once from the store, every field then decided as decide() would, each subject under the view of
 * its own profile, and the audit record made of what was shown and withheld.
 */
import type DataLoader from 'dataloader';
import { describe, expect, it } from 'vitest';
import { decide, type ConsentState, type Subject } from '../../subgraphs/shared/policy/decide.ts';
import { FACT_CLASSES, FORMS } from '../../subgraphs/shared/policy/matrix.ts';
import { RequestPolicy } from '../../subgraphs/shared/policy/requestPolicy.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const bank: Viewer = { kind: 'CLIENT', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' };
const publicAsker: Viewer = { kind: 'CLIENT', client: 'dev-open', clientKind: 'DEVELOPER', purpose: 'PUBLIC' };
const ME = '320106197805123519';
const me: Viewer = { kind: 'SUBJECT', subject: ME, purpose: 'SELF_ACCESS' };

/** persons by consent state: what the store would answer */
const STATES: Record<string, ConsentState['state']> = {
  '110105194912310029': 'NONE',
  '320502198203174715': 'VALID',
  '11010519491231002X': 'EXPIRED',
  '440308199901011234': 'REVOKED',
  [ME]: 'VALID',
};
const person = (code: string): Subject => ({ code, kind: 'PERSON' });
const ORG: Subject = { code: '91320211MA1X4Y5T2H', kind: 'ORGANISATION' };

function loader(): DataLoader<string, ConsentState> & { loads: string[] } {
  const loads: string[] = [];
  return {
    loads,
    load: async (code: string) => (loads.push(code), { state: STATES[code] ?? 'NONE', ...(STATES[code] === 'VALID' ? { consentId: `c-${code.slice(-4)}` } : {}) }),
  } as unknown as DataLoader<string, ConsentState> & { loads: string[] };
}
const sync = <T>(v: T | Promise<T>): T => {
  expect(v).not.toBeInstanceOf(Promise);
  return v as T;
};

describe('the policy of one request', () => {
  it("reads each person's consent from the store, and once read decides every field at once without reading it again", async () => {
    const consents = loader();
    const policy = new RequestPolicy(bank, consents);
    const codes = Object.keys(STATES);
    const prefetched = policy.prefetch(codes.map(person));
    expect(prefetched).toBeInstanceOf(Promise);
    await prefetched;
    // (several loads of one code within a tick are the request's DataLoader's to merge)
    expect(policy.prefetch(codes.map(person))).toBeUndefined();
    for (const code of codes) sync(policy.decide(person(code), 'FINANCIAL_DEFAULT', 'FULL'));
    for (const code of codes) sync(policy.view(person(code)));
    expect(consents.loads.sort()).toEqual([...codes].sort());
  });

  it("reads no consent for an organisation, nor for an asker whose purpose needs none, nor when it does not enforce (the benchmark's setting)", () => {
    const consents = loader();
    expect(new RequestPolicy(bank, consents).prefetch([ORG])).toBeUndefined();
    expect(new RequestPolicy(publicAsker, consents).prefetch([person(ME)])).toBeUndefined();
    expect(new RequestPolicy(bank, consents, false).prefetch([person(ME)])).toBeUndefined();
    expect(consents.loads).toEqual([]);
    sync(new RequestPolicy(publicAsker, consents).decide(person(ME), 'CONTACT', 'FULL'));
  });

  it('decides every class and form of every subject as decide() does with its consent, whatever order subjects of different profiles come in', async () => {
    for (const viewer of [bank, me, publicAsker]) {
      const policy = new RequestPolicy(viewer, loader());
      const subjects = [...Object.keys(STATES).map(person), ORG, { code: ME, kind: 'ORGANISATION' } as Subject];
      for (const cls of FACT_CLASSES) {
        for (const form of FORMS) {
          for (const subject of [...subjects, ...[...subjects].reverse()]) {
            const consent: ConsentState = viewer === bank && subject.kind === 'PERSON' ? { state: STATES[subject.code]! } : { state: 'NONE' };
            expect((await policy.decide(subject, cls, form)).allowed, `${viewer.purpose} ${subject.kind} ${consent.state} ${cls} ${form}`).toBe(decide(viewer, subject, cls, form, consent).allowed);
          }
        }
      }
    }
  });

  it("gives a person their own file under self access, and another person's as anyone's", async () => {
    const policy = new RequestPolicy(me, loader());
    expect(sync(policy.view(person(ME))).self).toBe(true);
    expect(sync(policy.view(person('320502198203174715'))).self).toBe(false);
    expect(sync(policy.view({ code: ME, kind: 'ORGANISATION' })).self).toBe(false);
    expect(sync(policy.decide(person(ME), 'CONTACT', 'FULL')).allowed).toBe(true);
    expect(sync(policy.decide(person('320502198203174715'), 'CONTACT', 'FULL')).allowed).toBe(false);
  });

  it('shares one view among subjects of one profile, and gives each profile its own', async () => {
    const policy = new RequestPolicy(bank, loader());
    const valid = await policy.view(person('320502198203174715'));
    expect(await policy.view(person(ME))).toBe(valid);
    expect(valid.consent.state).toBe('VALID');
    const views = await Promise.all(['110105194912310029', '11010519491231002X', '440308199901011234'].map((c) => policy.view(person(c))));
    expect(views.map((v) => v.consent.state)).toEqual(['NONE', 'EXPIRED', 'REVOKED']);
    expect(new Set([valid, ...views]).size).toBe(4);
    const org = sync(policy.view(ORG));
    expect(org.kind).toBe('ORGANISATION');
    expect(policy.organisationView()).toBe(org);
    expect(sync(policy.view(ORG))).toBe(org);
  });

  it("gives every organisation the view of an organisation that is not the asker, asked for before any organisation's", () => {
    const policy = new RequestPolicy(me, loader());
    const org = policy.organisationView();
    expect(org).toMatchObject({ kind: 'ORGANISATION', self: false, consent: { state: 'NONE' } });
    expect(sync(policy.view({ code: ME, kind: 'ORGANISATION' }))).toBe(org);
  });

  it('reports a decision made earlier in the request, and none for a subject not yet decided', async () => {
    const policy = new RequestPolicy(bank, loader());
    expect(policy.decided(person(ME), 'FINANCIAL_DEFAULT', 'FULL')).toBeUndefined();
    await policy.decide(person('110105194912310029'), 'FINANCIAL_DEFAULT', 'FULL');
    expect(policy.decided(person('110105194912310029'), 'FINANCIAL_DEFAULT', 'FULL')).toMatchObject({ allowed: false, reason: 'NO_CONSENT' });
  });

  it("records in the audit what was shown of each person, what was withheld, and the consent each was asked under", async () => {
    const policy = new RequestPolicy(bank, loader());
    await policy.prefetch([person(ME), person('110105194912310029')]);
    sync(policy.decide(person(ME), 'FINANCIAL_DEFAULT', 'FULL'));
    sync(policy.decide(person(ME), 'FINANCIAL_DEFAULT', 'FULL'));
    sync(policy.decide(person('110105194912310029'), 'FINANCIAL_DEFAULT', 'FULL'));
    policy.noteDenied(person('110105194912310029'), 'defaults');
    policy.noteDenied(ORG, 'taxViolations');
    sync(policy.decide(ORG, 'TAX_VIOLATION', 'FULL'));
    expect(policy.audit()).toEqual([
      { subject: ME, consent: 'c-3519', consentState: 'VALID', classes: ['FINANCIAL_DEFAULT'], denied: [] },
      { subject: '110105194912310029', consent: null, consentState: 'NONE', classes: [], denied: ['defaults'] },
    ]);
  });

  it("records a class revealed outside its fields (a screening hit) for a person, public or not, under the consent read for them; never for an organisation", async () => {
    const policy = new RequestPolicy(bank, loader());
    await policy.prefetch([person('11010519491231002X')]);
    policy.noteRevealed(person('11010519491231002X'), 'COURT_LIST');
    policy.noteRevealed(person('320502198203174715'), 'COURT_LIST');
    policy.noteRevealed(ORG, 'COURT_LIST');
    await policy.settled();
    expect(policy.audit()).toEqual([
      { subject: '11010519491231002X', consent: null, consentState: 'EXPIRED', classes: ['COURT_LIST'], denied: [] },
      { subject: '320502198203174715', consent: 'c-4715', consentState: 'VALID', classes: ['COURT_LIST'], denied: [] },
    ]);
    // once the line is open, a later reveal adds to it
    policy.noteRevealed(person('11010519491231002X'), 'FINANCIAL_DEFAULT');
    expect(policy.audit()[0]!.classes).toEqual(['COURT_LIST', 'FINANCIAL_DEFAULT']);
  });

  it("waits for a person's consent when a reveal is noted before it was read: their later fields are decided, and the reveal recorded, under that consent, never as if there were none", async () => {
    const policy = new RequestPolicy(bank, loader());
    const 张伟 = person('320502198203174715'); // consented to the bank: it may read his defaults
    policy.noteRevealed(张伟, 'COURT_LIST');
    // the consent is read since; a later field of his is decided under it
    expect((await policy.decide(张伟, 'FINANCIAL_DEFAULT', 'FULL')).allowed).toBe(true);
    await policy.settled();
    expect(policy.audit()).toEqual([{ subject: 张伟.code, consent: 'c-4715', consentState: 'VALID', classes: ['COURT_LIST', 'FINANCIAL_DEFAULT'], denied: [] }]);
  });

  it('says no consent state for an asker whose purpose needs none, and counts the subjects it screened', async () => {
    const policy = new RequestPolicy(publicAsker, loader());
    policy.noteRevealed(person(ME), 'COURT_LIST');
    expect(policy.audit()).toEqual([{ subject: ME, consent: null, consentState: null, classes: ['COURT_LIST'], denied: [] }]);
    expect(policy.screened).toBe(0);
    policy.noteScreened(3);
    policy.noteScreened(2);
    expect(policy.screened).toBe(5);
  });
});
