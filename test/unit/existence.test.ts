/**
 * The stand-ins that root fields answer with, to an asker who may not know whether a file exists,
 * carry only their key: this checks, for every view that gets one, that its every other field is
 * closed, so that no missing value of a stand-in is ever read.
 */
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { readFieldFacts } from '../../subgraphs/shared/policy/factDirective.ts';
import type { ConsentState } from '../../subgraphs/shared/policy/decide.ts';
import { PURPOSES, type FactClass } from '../../subgraphs/shared/policy/matrix.ts';
import { SubjectView } from '../../subgraphs/shared/policy/view.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const KIND_OF: Record<string, 'BANK' | 'EMPLOYER' | 'PLATFORM' | 'REGULATOR' | 'DEVELOPER'> = {
  LOAN_UNDERWRITING: 'BANK',
  EMPLOYMENT_SCREENING: 'EMPLOYER',
  MERCHANT_ONBOARDING: 'PLATFORM',
  SUPERVISION: 'REGULATOR',
  PUBLIC: 'DEVELOPER',
};
const CONSENTS: ConsentState[] = [{ state: 'NONE' }, { state: 'VALID' }, { state: 'EXPIRED' }, { state: 'REVOKED' }];

function views(): { label: string; view: SubjectView }[] {
  const out: { label: string; view: SubjectView }[] = [];
  for (const purpose of PURPOSES.filter((p) => p !== 'SELF_ACCESS')) {
    const viewer: Viewer = { kind: 'CLIENT', client: 'c', clientKind: KIND_OF[purpose]!, purpose };
    for (const consent of CONSENTS) out.push({ label: `${purpose}, consent ${consent.state}`, view: new SubjectView(viewer, 'PERSON', false, consent) });
  }
  out.push({ label: "another person's own token", view: new SubjectView({ kind: 'SUBJECT', subject: '320106197805123519', purpose: 'SELF_ACCESS' }, 'PERSON', false, { state: 'NONE' }) });
  return out;
}

function closedFields(subgraph: keyof typeof SUBGRAPHS, type: string, view: SubjectView): string[] {
  const open: string[] = [];
  for (const fact of readFieldFacts(SUBGRAPHS[subgraph].typeDefs).values()) {
    if (fact.type !== type || fact.cls === 'REFERENCE' || fact.cls === 'LISTING') continue;
    if (view.allows(fact.cls as FactClass, fact.form)) open.push(fact.field);
  }
  return open;
}

describe("a stand-in's missing values are never read", () => {
  it('every field of a Person but its key is closed to every view that cannot know whether the person has a file', () => {
    const opaque = views().filter((v) => !v.view.knows());
    expect(opaque.length).toBeGreaterThan(5);
    for (const { label, view } of opaque) expect(closedFields('persons', 'Person', view), label).toEqual([]);
  });

  it("every field of a courier's file but its key is closed to every view that cannot know whether the person is a courier", () => {
    const opaque = views().filter((v) => !v.view.knows('COURIER'));
    expect(opaque.length).toBeGreaterThan(5);
    for (const { label, view } of opaque) expect(closedFields('couriers', 'CourierProfile', view), label).toEqual([]);
  });

  it('a view that may know is not given a stand-in: a regulator, a consented bank, the subject', () => {
    const regulator = new SubjectView({ kind: 'CLIENT', client: 'r', clientKind: 'REGULATOR', purpose: 'SUPERVISION' }, 'PERSON', false, { state: 'NONE' });
    const bank = new SubjectView({ kind: 'CLIENT', client: 'b', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' }, 'PERSON', false, { state: 'VALID' });
    const self = new SubjectView({ kind: 'SUBJECT', subject: '320106197805123519', purpose: 'SELF_ACCESS' }, 'PERSON', true, { state: 'NONE' });
    for (const v of [regulator, bank, self]) expect(v.knows()).toBe(true);
    // a platform with consent sees a person's name, but no courier fact: it may not learn who is a courier
    const platform = new SubjectView({ kind: 'CLIENT', client: 'p', clientKind: 'PLATFORM', purpose: 'MERCHANT_ONBOARDING' }, 'PERSON', false, { state: 'VALID' });
    expect(platform.knows()).toBe(true);
    expect(platform.knows('COURIER')).toBe(false);
  });
});
