/**
 * The registry's operator API for a hub running on the embedded store, whose registry lives in the
 * hub's own memory: `npm run clients` talks to it when no MONGODB_URI is set. It listens on
 * loopback only, and takes a key made at each start and written where only this user can read it
 * (`.cache/admin-key`). On MongoDB the CLI writes to the registry directly and this is not started.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientRegistry, RegistryError, type LicenceChange, type NewClient } from '../../subgraphs/shared/wire/registry.ts';
import type { PublishLicence } from '../../subgraphs/shared/wire/licence.ts';

export const ADMIN_KEY_FILE = new URL('../../.cache/admin-key', import.meta.url);
export const ADMIN_KEY_HEADER = 'x-credithub-admin-key';

export interface AdminApi {
  url: string;
  key: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        const parsed = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        resolve(parsed && typeof parsed === 'object' ? parsed : {});
      } catch {
        reject(new RegistryError('the request body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

/** A licence as JSON sent it: only arrays of strings are taken, and the registry checks the rest. */
function licenceFrom(l: unknown): PublishLicence {
  const o = (l ?? {}) as Record<string, unknown>;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { facts: strings(o.facts) as PublishLicence['facts'], refs: strings(o.refs), ...(Array.isArray(o.regions) ? { regions: strings(o.regions) } : {}) };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export async function startAdminApi(options: { registry: ClientRegistry; port: number; writeKeyFile?: boolean }): Promise<AdminApi> {
  const key = randomBytes(24).toString('base64url');
  const expected = Buffer.from(key);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const given = Buffer.from(String(req.headers[ADMIN_KEY_HEADER] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return send(res, 401, { error: `missing or wrong ${ADMIN_KEY_HEADER}` });
      const path = new URL(req.url ?? '/', 'http://localhost').pathname.split('/').filter(Boolean);
      if (path[0] !== 'clients') return send(res, 404, { error: 'not found' });
      const body = req.method === 'POST' ? await readJson(req) : {};
      const operator = str(body.operator) || 'unknown operator';
      const id = path[1] ?? '';
      if (req.method === 'GET' && !id) return send(res, 200, { clients: (await options.registry.list()).map(withoutCredentials) });
      if (req.method === 'GET' && path[2] === 'events') return send(res, 200, { events: await options.registry.events(id) });
      if (req.method === 'POST' && !id) {
        const c = body as unknown as NewClient;
        const added = await options.registry.add(
          {
            id: str(c.id),
            name: str(c.name),
            kind: c.kind,
            purposes: Array.isArray(c.purposes) ? c.purposes : [],
            ...(c.limits ? { limits: c.limits } : {}),
            ...(c.licensedHours ? { licensedHours: { from: str(c.licensedHours.from), to: str(c.licensedHours.to) } } : {}),
            ...(Array.isArray(c.licensedRegions) ? { licensedRegions: c.licensedRegions.map(str) } : {}),
            ...(c.publishes ? { publishes: licenceFrom(c.publishes) } : {}),
          },
          operator,
        );
        return send(res, 201, { client: withoutCredentials(added.client), secret: added.secret });
      }
      if (req.method === 'POST' && path[2] === 'suspend') return send(res, 200, { client: withoutCredentials(await options.registry.suspend(id, operator, str(body.reason))) });
      if (req.method === 'POST' && path[2] === 'reinstate') return send(res, 200, { client: withoutCredentials(await options.registry.reinstate(id, operator, str(body.reason))) });
      if (req.method === 'POST' && path[2] === 'licence') {
        const change = body as LicenceChange;
        const hours = change.hours === null ? null : change.hours ? { from: str(change.hours.from), to: str(change.hours.to) } : undefined;
        const regions = change.regions === null ? null : Array.isArray(change.regions) ? change.regions.map(str) : undefined;
        const client = await options.registry.setLicence(id, operator, { ...(hours === undefined ? {} : { hours }), ...(regions === undefined ? {} : { regions }) });
        return send(res, 200, { client: withoutCredentials(client) });
      }
      if (req.method === 'POST' && path[2] === 'rotate') {
        const rotated = await options.registry.rotate(id, operator);
        return send(res, 200, { client: withoutCredentials(rotated.client), secret: rotated.secret });
      }
      return send(res, 404, { error: 'not found' });
    })().catch((err: unknown) => send(res, err instanceof RegistryError ? 400 : 500, { error: err instanceof RegistryError ? err.message : 'internal error' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  if (options.writeKeyFile !== false) {
    mkdirSync(new URL('.', ADMIN_KEY_FILE), { recursive: true });
    writeFileSync(ADMIN_KEY_FILE, `${key}\n`, { mode: 0o600 });
    chmodSync(ADMIN_KEY_FILE, 0o600);
  }
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the operator sees of a client: never its secret's hash. */
export function withoutCredentials<T extends { credentials?: unknown }>(client: T): Omit<T, 'credentials'> & { credentials: string } {
  const { credentials, ...rest } = client;
  const c = credentials as { secretHash?: string; jwks?: unknown } | undefined;
  return { ...rest, credentials: c?.secretHash ? 'client secret' : c?.jwks ? 'public keys (private_key_jwt)' : 'none (the identity provider holds them)' };
}
