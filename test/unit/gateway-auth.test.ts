/**
 * Who asks at the gateway (gateway/auth.ts): the bearer token and the declared purpose, as the
 * client sends them, become the asker the registry allows; the token travels on unchanged.
 */
import { describe, expect, it } from 'vitest';
import { authenticate, type GatewayIdentity } from '../../gateway/auth.ts';

const identity = (purposes: string[]): GatewayIdentity & { seen: string[] } => {
  const seen: string[] = [];
  return {
    seen,
    tokens: { verify: async (token: string) => (seen.push(token), { issuer: 'https://idp.example', client: 'bank-two', expiresAt: 0, hash: 'h' }) },
    registry: { client: async (id: string) => ({ id, kind: 'BANK', status: 'ACTIVE', purposes }) },
  } as unknown as GatewayIdentity & { seen: string[] };
};
const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (err: { extensions: Record<string, unknown> }) => err.extensions);

describe('the gateway', () => {
  it('takes the purpose the request declares in x-credithub-purpose, and passes the token on as it was sent', async () => {
    const id = identity(['LOAN_UNDERWRITING', 'SUPERVISION']);
    const asked = await authenticate({ authorization: 'Bearer abc.def.ghi', 'x-credithub-purpose': 'SUPERVISION' }, id);
    expect(asked).toEqual({ viewer: { kind: 'CLIENT', client: 'bank-two', clientKind: 'BANK', purpose: 'SUPERVISION' }, token: 'abc.def.ghi' });
    expect(id.seen).toEqual(['abc.def.ghi']);
  });

  it('refuses a client licensed for several purposes that declares none, or declares the header twice', async () => {
    const id = identity(['LOAN_UNDERWRITING', 'SUPERVISION']);
    expect(await refusal(authenticate({ authorization: 'Bearer abc.def.ghi' }, id))).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
    // a header sent twice arrives as a list: no one purpose is declared
    const twice = { authorization: 'Bearer abc.def.ghi', 'x-credithub-purpose': ['LOAN_UNDERWRITING', 'SUPERVISION'] } as never;
    expect(await refusal(authenticate(twice, id))).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
  });

  it('gives a client licensed for one purpose that purpose when it declares none', async () => {
    expect((await authenticate({ authorization: 'Bearer abc.def.ghi' }, identity(['LOAN_UNDERWRITING']))).viewer).toMatchObject({ purpose: 'LOAN_UNDERWRITING' });
  });

  it('refuses a request without a bearer token before asking anyone', async () => {
    const id = identity(['LOAN_UNDERWRITING']);
    expect(await refusal(authenticate({}, id))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(id.seen).toEqual([]);
  });
});
