/**
 * Consent states travel with the request, so that one store round trip serves the whole query
 * plan. The persons subgraph, which owns consent, reports the states it looked up for this viewer
 * in its response extensions. The gateway forwards them to each later fetch that reaches persons,
 * in the request body (a 1,000-applicant batch would not fit in a header), under the signature of
 * the forwarded viewer (viewer.ts), so a subgraph takes them only as the gateway sent them. It
 * looks up anyone else itself, as before.
 *
 * On the way out, subjects are grouped by state and carry no consent ids: a later subgraph needs
 * only the state to decide, and the gateway, which keeps the ids, names the consent in the audit.
 */
import type { ConsentState } from './decide.ts';

/** the request extension that carries the forwarded states, as one JSON string */
export const CONSENTS_EXTENSION = 'credithubConsents';
/** the response extension in which the consent owner reports the states it looked up */
export const CONSENTS_REPORT = 'consents';

/** what the consent owner reports: each subject's state, with the consent's id */
export type ConsentStates = Record<string, ConsentState>;

type StateName = ConsentState['state'];
/** what the gateway forwards: the subjects in each state */
export type ForwardedConsents = Partial<Record<StateName, string[]>>;

const STATE_NAMES: readonly StateName[] = ['VALID', 'EXPIRED', 'REVOKED', 'NONE'];

/** The forwarded form of these states: subjects grouped by state, as one JSON string. */
export function encodeForwarded(states: ReadonlyMap<string, ConsentState>): string {
  const grouped: ForwardedConsents = {};
  for (const [code, { state }] of states) (grouped[state] ??= []).push(code);
  return JSON.stringify(grouped);
}

/** The forwarded states (whose signature the caller has verified), or the reason they cannot be taken. */
export function readForwardedConsents(text: string): { ok: true; states: ForwardedConsents } | { ok: false; problem: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'forwarded consent states are not valid JSON' };
  }
  const malformed = { ok: false as const, problem: 'forwarded consent states are malformed' };
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return malformed;
  for (const [state, codes] of Object.entries(parsed)) {
    if (!STATE_NAMES.includes(state as StateName) || !Array.isArray(codes)) return malformed;
    for (const code of codes) if (typeof code !== 'string') return malformed;
  }
  return { ok: true, states: parsed as ForwardedConsents };
}
