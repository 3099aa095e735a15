/**
 * The development issuer: a real OpenID Provider (oidc-provider) that `npm start` and the tests run
 * beside the hub, so that development uses the same tokens production does. It issues OAuth 2.0
 * client-credentials access tokens (JWT, ES256, `kid` in the header, JWKS and discovery published)
 * to the clients of the hub's registry, authenticating them with the secret whose hash the
 * registry keeps; a suspended or unknown client gets `invalid_client` at once. For development it
 * also issues self-access tokens for a subject, to the development subject app only.
 *
 * In production the issuer is the operator's own identity provider and this module is not loaded:
 * the hub holds no issuer's private key.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors } from 'oidc-provider';
import type { ClientDoc } from '../../subgraphs/shared/wire/registry.ts';
import { validateCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { secretMatches } from '../../subgraphs/shared/wire/registry.ts';
import { SUBJECT_CLAIM } from '../../subgraphs/shared/wire/tokens.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';

/** The grant a development subject app uses to get a self-access token for a subject. */
export const DEVELOPMENT_SUBJECT_GRANT = 'urn:credithub:params:grant-type:development-subject';

export interface DevelopmentIssuer {
  /** the issuer identifier, which is also where discovery is served */
  url: string;
  tokenEndpoint: string;
  close(): Promise<void>;
}

export interface IssuerOptions {
  host: string;
  port: number;
  store: Store;
  audience: string;
  /** lifetime of the tokens it issues, in seconds */
  tokenTtl?: number;
}

/** The provider's view of a registered client: what it may ask for, and how it proves itself. */
function clientMetadata(doc: ClientDoc): Record<string, unknown> | undefined {
  if (doc.status !== 'ACTIVE') return undefined;
  const secretHash = doc.credentials?.secretHash;
  const jwks = doc.credentials?.jwks;
  if (!secretHash && !jwks) return undefined;
  return {
    client_id: doc.id,
    client_name: doc.name,
    grant_types: doc.kind === 'SUBJECT_APP' ? [DEVELOPMENT_SUBJECT_GRANT] : ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    ...(secretHash
      ? // compared by hash (see compareClientSecret below): the registry never holds the secret itself
        { client_secret: secretHash, token_endpoint_auth_method: 'client_secret_basic' }
      : { jwks, token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256' }),
  };
}

/**
 * Storage for the provider: clients come from the hub's registry on every request (so a suspension
 * or a rotated secret counts at once); the few short-lived records it keeps itself (replayed client
 * assertions) live in memory. JWT access tokens are not stored.
 */
function adapterFor(store: Store) {
  const memory = new Map<string, { payload: Record<string, unknown>; until: number }>();
  return class RegistryAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
      memory.set(this.key(id), { payload, until: Date.now() + expiresIn * 1000 });
    }
    async find(id: string) {
      if (this.model === 'Client') {
        const doc = await store.collection('clients').findOne({ _id: id });
        return doc ? clientMetadata(doc) : undefined;
      }
      const hit = memory.get(this.key(id));
      if (!hit || hit.until < Date.now()) return undefined;
      return hit.payload;
    }
    async findByUid() {
      return undefined;
    }
    async findByUserCode() {
      return undefined;
    }
    async consume(id: string) {
      const hit = memory.get(this.key(id));
      if (hit) hit.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      memory.delete(this.key(id));
    }
    async revokeByGrantId() {}
  };
}

export async function startDevelopmentIssuer(options: IssuerOptions): Promise<DevelopmentIssuer> {
  const ttl = options.tokenTtl ?? 3600;
  const server: Server = createServer((_req, res) => {
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;

  // A fresh signing key per start: development tokens do not outlive the issuer that signed them.
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: `dev-${randomUUID().slice(0, 8)}`, alg: 'ES256', use: 'sig' };
  const resourceServer = { scope: 'credit', audience: options.audience, accessTokenTTL: ttl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } } as const;

  const provider = new Provider(url, {
    adapter: adapterFor(options.store),
    jwks: { keys: [signing] },
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['client_credentials'], response_types: [] },
    responseTypes: ['none'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: ['ES256'], idTokenSigningAlgValues: ['ES256'] },
    ttl: { ClientCredentials: () => ttl },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: false },
      userinfo: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== options.audience) throw new errors.InvalidTarget();
          return resourceServer;
        },
      },
    },
    extraTokenClaims: (ctx) => {
      const params = ctx?.oidc?.params as Record<string, unknown> | undefined;
      return params?.grant_type === DEVELOPMENT_SUBJECT_GRANT ? { [SUBJECT_CLAIM]: params.subject } : undefined;
    },
  });
  // The registry keeps an scrypt hash of each client secret, never the secret: compare against it.
  provider.Client.prototype.compareClientSecret = function (this: { clientSecret?: string }, given: string) {
    return secretMatches(this.clientSecret, given);
  };

  provider.registerGrantType(
    DEVELOPMENT_SUBJECT_GRANT,
    async (ctx) => {
      const { client, params } = ctx.oidc;
      const subject = String(params?.subject ?? '');
      if (validateCitizenId(subject)) throw new errors.InvalidRequest('subject must be a valid citizen ID');
      const token = new provider.ClientCredentials({ client, scope: 'credit', resourceServer: new provider.ResourceServer(options.audience, resourceServer) });
      ctx.oidc.entity('ClientCredentials', token);
      const value = await token.save();
      ctx.body = { access_token: value, expires_in: token.expiration, token_type: 'Bearer', scope: token.scope };
    },
    ['subject'],
  );

  const callback = provider.callback();
  server.removeAllListeners('request');
  server.on('request', callback);
  return {
    url,
    tokenEndpoint: `${url}/token`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
