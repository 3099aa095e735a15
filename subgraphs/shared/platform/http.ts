/**
 * A small node:http front for an ApolloServer: /graphql, /healthz, /readyz, /metrics, a body-size
 * limit (413 with a GraphQL error body), CORS when configured, and a draining close. Apollo Server 5
 * ships no HTTP framework integration of its own beyond this contract.
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
  /** the browser origins allowed to call (CORS); none, the default, answers preflights without allowing any */
  corsOrigins?: readonly string[];
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
  /**
   * Stops accepting, lets the requests in flight finish for up to `graceMs` (0, the default: none),
   * then closes every connection. Requests arriving meanwhile on open connections get 503.
   */
  close(graceMs?: number): Promise<void>;
}

/** The body, or null once it passes the limit (what arrives after that is read and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number(req.headers['content-length']) > limit;
    if (over) resolve(null);
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const CORS_METHODS = 'GET, POST, OPTIONS';
const CORS_HEADERS = 'authorization, content-type, accept, x-credithub-purpose, x-request-id, traceparent, tracestate, apollo-require-preflight';

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The HTTP status of a caller refused before any GraphQL work. */
const CONTEXT_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, SERVICE_UNAVAILABLE: 503, BAD_USER_INPUT: 400 };

export async function serveHttp<C extends BaseContext>(server: ApolloServer<C>, options: HttpOptions<C>): Promise<Listening> {
  const corsOrigins = new Set(options.corsOrigins ?? []);
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // /healthz: the process is alive; /readyz: it can answer (its store, its schema, its audit)
    if (url.pathname === '/healthz') {
      send(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname === '/readyz' || url.pathname === '/health') {
      // a draining process is alive but takes no more work: its balancer should stop sending it any
      const r = draining ? { ready: false, checks: { draining: 'shutting down' } } : ((await options.ready?.()) ?? { ready: true, checks: {} });
      send(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'unavailable', checks: r.checks });
      return;
    }
    if (draining) {
      res.setHeader('connection', 'close');
      send(res, 503, { errors: [{ message: 'This process is shutting down: retry, another will answer.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      return;
    }
    if (url.pathname === '/metrics' && options.metrics && req.method === 'GET') {
      const m = await options.metrics();
      res.writeHead(200, { 'content-type': m.type, 'content-length': Buffer.byteLength(m.body), 'cache-control': 'no-store' });
      res.end(m.body);
      return;
    }
    // CORS: an allowed origin is named back; any other gets no CORS headers, so its browser refuses
    const origin = req.headers.origin;
    if (origin && corsOrigins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', 'retry-after, x-request-id');
    }
    if (corsOrigins.size > 0) res.setHeader('vary', 'origin');
    if (req.method === 'OPTIONS') {
      // a preflight carries no credentials: it is answered before anyone is asked who they are
      if (origin && corsOrigins.has(origin)) {
        res.setHeader('access-control-allow-methods', CORS_METHODS);
        res.setHeader('access-control-allow-headers', CORS_HEADERS);
        res.setHeader('access-control-max-age', '600');
      }
      res.writeHead(204, { allow: CORS_METHODS, 'content-length': 0 });
      res.end();
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
        // answered at once, then the connection closes: the rest of the body is never read
        res.setHeader('connection', 'close');
        res.once('finish', () => req.socket.destroy());
        send(res, 413, {
          errors: [{ message: `Request body too large: at most ${options.maxBodyBytes} bytes. Send a smaller request.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
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
        const { http, ...extensions } = err.extensions as { http?: { headers?: Map<string, string> } };
        for (const [k, v] of http?.headers ?? []) res.setHeader(k, v);
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
    // counted for the drain: a shutdown waits until none is in flight (or its deadline)
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) idle?.();
    });
    if (draining) res.setHeader('connection', 'close');
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
    close: async (graceMs = 0) => {
      draining = true;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      if (graceMs > 0 && inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        const finished = new Promise<void>((resolve) => (idle = resolve));
        const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
        await Promise.race([finished, deadline]);
        clearTimeout(timer);
        if (inFlight > 0) console.error(`shutdown: ${inFlight} request(s) still in flight after ${graceMs} ms; cut off`);
      }
      http.closeAllConnections();
      await closed;
    },
  };
}
