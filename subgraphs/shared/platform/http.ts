/**
 * A small node:http front for an ApolloServer: /graphql, /healthz, /readyz, /metrics, a body-size
 * limit, and a clean close. Apollo Server 5 ships no HTTP framework integration of its own beyond
 * this contract.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Readiness, RequestObserver } from './observe.ts';

export interface HttpOptions<C extends BaseContext> {
  host: string;
  port: number;
  maxBodyBytes: number;
  /**
   * builds the request context, or refuses the caller; `body` is the parsed request body, if any,
   * and `raw` the body exactly as it arrived (what a call assertion is bound to)
   */
  context: ContextFunction<[{ req: IncomingMessage; body?: unknown; raw: string }], C>;
  /** /readyz (and its old name /health): whether the service can answer, check by check */
  ready?: () => Promise<Readiness>;
  /** GET /metrics: the service's Prometheus exposition */
  metrics?: () => Promise<{ type: string; body: string }>;
  /** logs, counts and traces every GraphQL request (observe.ts) */
  observe?: RequestObserver;
  /**
   * extra GET routes by path (the developer explorer); a key ending in `/` also serves every path
   * below it
   */
  routes?: Record<string, Route>;
  /** POST routes by exact path that read the request and write the response themselves (a streamed feed) */
  streams?: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
  /** where a browser asking `/graphql` for a page is sent instead (the explorer, when served) */
  landingPage?: string;
}

export interface RouteResponse {
  status: number;
  type: string;
  body: string | Uint8Array;
  /** extra response headers; `cache-control` defaults to `no-store` */
  headers?: Record<string, string>;
}

export type Route = (url: URL) => Promise<RouteResponse>;

function routeFor(routes: Record<string, Route> | undefined, path: string): Route | undefined {
  if (!routes) return undefined;
  if (routes[path]) return routes[path];
  for (let i = path.lastIndexOf('/', path.length - 2); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const below = routes[path.slice(0, i + 1)];
    if (below) return below;
  }
  return undefined;
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The HTTP status of a caller refused before any GraphQL work. */
const CONTEXT_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, SERVICE_UNAVAILABLE: 503, BAD_USER_INPUT: 400 };

export async function serveHttp<C extends BaseContext>(server: ApolloServer<C>, options: HttpOptions<C>): Promise<Listening> {
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // /healthz: the process is alive; /readyz: it can answer (its store, its schema, its audit)
    if (url.pathname === '/healthz') {
      send(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname === '/readyz' || url.pathname === '/health') {
      const r = (await options.ready?.()) ?? { ready: true, checks: {} };
      send(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'unavailable', checks: r.checks });
      return;
    }
    if (url.pathname === '/metrics' && options.metrics && req.method === 'GET') {
      const m = await options.metrics();
      res.writeHead(200, { 'content-type': m.type, 'content-length': Buffer.byteLength(m.body), 'cache-control': 'no-store' });
      res.end(m.body);
      return;
    }
    const stream = req.method === 'POST' ? options.streams?.[url.pathname] : undefined;
    if (stream) {
      await stream(req, res);
      return;
    }
    const route = req.method === 'GET' ? routeFor(options.routes, url.pathname) : undefined;
    if (route) {
      const r = await route(url);
      res.writeHead(r.status, {
        'content-type': r.type,
        'content-length': Buffer.byteLength(r.body),
        'cache-control': 'no-store',
        ...r.headers,
      });
      res.end(r.body);
      return;
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      send(res, 404, { errors: [{ message: 'Not found: the GraphQL endpoint is /graphql', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    let raw: string | null = '';
    if (req.method === 'POST') {
      raw = await readBody(req, options.maxBodyBytes);
      if (raw === null) {
        send(res, 413, {
          errors: [{ message: `Request body too large: at most ${options.maxBodyBytes} bytes.`, extensions: { code: 'BAD_REQUEST' } }],
        });
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    let body: unknown = undefined;
    if (raw) {
      const type = headers.get('content-type') ?? '';
      if (type.includes('application/json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          send(res, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
      } else {
        body = raw;
      }
    }
    // Who asks is settled before any GraphQL work, so a refused caller costs nothing more.
    // A browser asking for the landing page gets it without credentials; operations never do.
    const wantsLandingPage = req.method === 'GET' && (headers.get('accept') ?? '').includes('text/html') && !url.search;
    if (wantsLandingPage && options.landingPage) {
      res.writeHead(302, { location: options.landingPage, 'content-length': 0, 'cache-control': 'no-store' });
      res.end();
      return;
    }
    let context: C | undefined;
    if (!wantsLandingPage) {
      try {
        context = await options.context({ req, body, raw });
      } catch (err) {
        if (!(err instanceof GraphQLError)) throw err;
        const code = String(err.extensions.code ?? 'UNAUTHENTICATED');
        const status = (err.extensions.http as { status?: number } | undefined)?.status ?? CONTEXT_STATUS[code] ?? 401;
        const { http: _http, ...extensions } = err.extensions;
        send(res, status, { errors: [{ message: err.message, extensions: { ...extensions, code } }] });
        return;
      }
    }
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => context ?? options.context({ req, body, raw }),
    });
    for (const [k, v] of result.headers) res.setHeader(k, v);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const serve = (req: IncomingMessage, res: ServerResponse) =>
    handler(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { errors: [{ message: 'Internal error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  const http: Server = createServer((req, res) => {
    void (options.observe ? options.observe.around(req, res, () => serve(req, res)) : serve(req, res));
  });
  http.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}/graphql`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
