/**
 * Who is asking, as the gateway forwards it to the subgraphs. The gateway verifies the bearer
 * token once and sends the viewer signed with a secret only it and the subgraphs share, so a
 * subgraph can tell a gateway call from anything else, `_entities` calls included.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ClientKind, Purpose } from './documents.ts';

export type Viewer =
  | { kind: 'CLIENT'; client: string; clientKind: ClientKind; purpose: Purpose }
  | { kind: 'SUBJECT'; subject: string; purpose: 'SELF_ACCESS' }
  /** the gateway itself, for the audit write it makes after a response; never a client */
  | { kind: 'GATEWAY'; purpose: 'SUPERVISION' };

/** A viewer that asks on its own account: a client or a subject. */
export type AskingViewer = Exclude<Viewer, { kind: 'GATEWAY' }>;

export interface SignedViewer {
  viewer: Viewer;
  requestId: string;
  /** seconds since the epoch when the gateway signed it */
  iat: number;
  /** set only by a gateway under the benchmark-only setting that writes no audit records */
  noAudit?: true;
}

export const VIEWER_HEADER = 'x-credithub-viewer';
/** how long a signed viewer stays valid: long enough for one query plan, short against replay */
export const VIEWER_TTL_SECONDS = 60;

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

/**
 * The signature covers the viewer and, when the gateway forwards consent states in the request
 * body (policy/consentWire.ts), those states too: they cannot be added, changed or removed.
 */
function mac(payload: string, secret: string, bound: string | undefined): Buffer {
  const h = createHmac('sha256', secret).update(payload);
  if (bound !== undefined) h.update('.').update(bound);
  return h.digest();
}

export function signViewer(signed: SignedViewer, secret: string, bound?: string): string {
  const payload = b64(JSON.stringify(signed));
  return `${payload}.${b64(mac(payload, secret, bound))}`;
}

export type ViewerProblem = 'MISSING' | 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED';

export function verifyViewer(
  header: string | undefined,
  secret: string,
  nowSeconds: number,
  /** what the request body carries under the signature (forwarded consent states), if anything */
  bound?: string,
): { ok: true; value: SignedViewer } | { ok: false; problem: ViewerProblem } {
  if (!header) return { ok: false, problem: 'MISSING' };
  const [payload, signature, extra] = header.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, problem: 'MALFORMED' };
  const expected = mac(payload, secret, bound);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'BAD_SIGNATURE' };
  let value: SignedViewer;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SignedViewer;
  } catch {
    return { ok: false, problem: 'MALFORMED' };
  }
  if (typeof value.iat !== 'number' || Math.abs(nowSeconds - value.iat) > VIEWER_TTL_SECONDS) {
    return { ok: false, problem: 'EXPIRED' };
  }
  return { ok: true, value };
}
