/**
 * The forwarded form of consent states: subjects grouped by state, no consent ids, one JSON
 * string that the viewer's signature covers; anything else is refused.
 */
import { describe, expect, it } from 'vitest';
import { encodeForwarded, readForwardedConsents } from '../../subgraphs/shared/policy/consentWire.ts';
import type { ConsentState } from '../../subgraphs/shared/policy/decide.ts';
import { signViewer, verifyViewer } from '../../subgraphs/shared/viewer.ts';

const states = new Map<string, ConsentState>([
  ['320106197805123519', { state: 'VALID', consentId: 'c1' }],
  ['320502198203174715', { state: 'EXPIRED', consentId: 'c2' }],
  ['320102198509231629', { state: 'NONE' }],
  ['320203199507082021', { state: 'VALID', consentId: 'c3' }],
]);

describe('forwarded consent states', () => {
  it('group subjects by state and leave the consent ids with the gateway', () => {
    const text = encodeForwarded(states);
    expect(text).not.toMatch(/c1|c2|c3/);
    expect(readForwardedConsents(text)).toEqual({
      ok: true,
      states: { VALID: ['320106197805123519', '320203199507082021'], EXPIRED: ['320502198203174715'], NONE: ['320102198509231629'] },
    });
  });

  it.each([
    ['not JSON', '{VALID:', /not valid JSON/],
    ['a list', '["320106197805123519"]', /malformed/],
    ['an unknown state', '{"GRANTED":["320106197805123519"]}', /malformed/],
    ['codes that are not strings', '{"VALID":[320106197805123519]}', /malformed/],
    ['a state that is not a list', '{"VALID":"320106197805123519"}', /malformed/],
  ])('are refused when %s', (_, text, problem) => {
    const read = readForwardedConsents(text);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem).toMatch(problem);
  });

  it('are covered by the viewer signature: the same header does not verify with other states or none', () => {
    const secret = 'a subgraph secret of at least thirty-two characters';
    const now = Math.floor(Date.now() / 1000);
    const text = encodeForwarded(states);
    const header = signViewer({ viewer: { kind: 'GATEWAY', purpose: 'SUPERVISION' }, requestId: 'r', iat: now }, secret, text);
    expect(verifyViewer(header, secret, now, text).ok).toBe(true);
    expect(verifyViewer(header, secret, now, text.replace('VALID', 'NONE'))).toEqual({ ok: false, problem: 'BAD_SIGNATURE' });
    expect(verifyViewer(header, secret, now)).toEqual({ ok: false, problem: 'BAD_SIGNATURE' });
  });
});
