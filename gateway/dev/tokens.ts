/**
 * Development tokens, fetched from the development issuer over HTTP the way any client would: the
 * client-credentials grant with the seeded client's development secret, or, for a citizen ID, the
 * development subject grant with the development subject app. The token command, the explorer
 * and the tests all ask here.
 */
import { DEVELOPMENT_AUTHORITIES, DEVELOPMENT_SUBJECT_APP, developmentSecret, loadShowcase } from '../../test/fixtures/seed/showcase.ts';
import { DEVELOPMENT_SUBJECT_GRANT } from './issuer.ts';

export class TokenRequestError extends Error {
  override name = 'TokenRequestError';
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** A token for a client from an issuer's token endpoint (client_credentials, client_secret_basic). */
export async function clientCredentialsToken(tokenEndpoint: string, clientId: string, secret: string, extra: Record<string, string> = {}): Promise<string> {
  let res: Response;
  try {
    res = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(clientId, secret) },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...extra }).toString(),
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    throw new TokenRequestError(`the issuer at ${tokenEndpoint} does not answer: is the hub running (npm start)?`);
  }
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) {
    throw new TokenRequestError(`the issuer refused a token for ${clientId}: ${body.error ?? `HTTP ${res.status}`}${body.error_description ? ` (${body.error_description})` : ''}`);
  }
  return body.access_token;
}

/** Whether an asker names a seeded client: the showcase's or a development authority (else it is a citizen ID asking about their own file). */
export const isShowcaseClient = (asker: string) => loadShowcase().clients.some((c) => c.id === asker) || DEVELOPMENT_AUTHORITIES.some((c) => c.id === asker);

/** A development token for a showcase client id, or a self-access token for a citizen ID. */
export function developmentToken(tokenEndpoint: string, asker: string): Promise<string> {
  if (isShowcaseClient(asker)) return clientCredentialsToken(tokenEndpoint, asker, developmentSecret(asker));
  const app = DEVELOPMENT_SUBJECT_APP.id;
  return clientCredentialsToken(tokenEndpoint, app, developmentSecret(app), { grant_type: DEVELOPMENT_SUBJECT_GRANT, subject: asker });
}
