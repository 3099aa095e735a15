/**
 * The same subgraphs fronted by Hive Gateway (The Guild's federation gateway) instead of
 * @apollo/gateway: a tested configuration, for operators who run Hive. Nothing the hub guarantees
 * depends on the gateway: the subgraphs verify the client's token, check the registry, decide every
 * field and write the audit themselves. This configuration gives Hive the gateway's part only:
 * - it authenticates (the same check as the hub's gateway, so a bad token is refused up front),
 * - it signs each subgraph call with the gateway's key, over the exact body it sends (onFetch),
 * - it keeps the one-request budget, and explains what was withheld the way the hub's gateway does.
 * So the answers are the same, and so are the audit records.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type DefinitionNode, type OperationDefinitionNode } from 'graphql';
import { MAX_BATCH } from '../subgraphs/shared/platform/inputs.ts';
import { ASSERTION_HEADER } from '../subgraphs/shared/wire/assertion.ts';
import { askedCodes, explainDenials } from '../subgraphs/shared/wire/explanations.ts';
import type { Viewer } from '../subgraphs/shared/wire/viewer.ts';
import { authenticate, type GatewayIdentity } from './auth.ts';
import { listedSubjects } from './budget.ts';
import type { CallSigner } from '../subgraphs/shared/wire/assertion.ts';
import { SUPERGRAPH_PATH } from './index.ts';

export interface HiveOptions {
  /** where each subgraph is reached, by name */
  subgraphUrls: Record<string, string>;
  identity: GatewayIdentity & { signer: CallSigner };
  supergraphSdl?: string;
}

interface HubContext {
  asker?: { viewer: Viewer; token: string; requestId: string };
}

/** The supergraph with each subgraph's URL replaced by where it runs here. */
function withUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (all, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : all));
}

function headersOf(request: Request): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  request.headers.forEach((value, key) => (out[key] = value));
  return out;
}

function refusal(err: GraphQLError): Response {
  const code = String(err.extensions.code ?? 'UNAUTHENTICATED');
  const status = code === 'FORBIDDEN' ? 403 : code === 'SERVICE_UNAVAILABLE' ? 503 : 401;
  return new Response(JSON.stringify({ errors: [{ message: err.message, extensions: { ...err.extensions, code } }] }), { status, headers: { 'content-type': 'application/json' } });
}

/** The hub's part of a gateway, as Hive Gateway plugins. */
function hubPlugin(options: HiveOptions): GatewayPlugin<HubContext> {
  const nameOf = new Map(Object.entries(options.subgraphUrls).map(([name, url]) => [url, name]));
  const askers = new WeakMap<Request, NonNullable<HubContext['asker']>>();
  return {
    async onRequest({ request, endResponse }) {
      if (request.method !== 'POST' && request.method !== 'GET') return;
      try {
        askers.set(request, { ...(await authenticate(headersOf(request), options.identity)), requestId: randomUUID() });
      } catch (err) {
        if (err instanceof GraphQLError) endResponse(refusal(err));
        else throw err;
      }
    },
    onContextBuilding({ context, extendContext }) {
      const asker = askers.get((context as { request: Request }).request);
      if (asker) extendContext({ asker });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const operation = args.document.definitions.find((d: DefinitionNode): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (!args.operationName || d.name?.value === args.operationName));
      const asked = operation ? listedSubjects(args.document, operation, args.variableValues ?? {}) : 0;
      if (asked > MAX_BATCH) {
        setResultAndStopExecution({
          errors: [new GraphQLError(`This request asks about ${asked} subjects in all; at most ${MAX_BATCH} are allowed per request, however they are asked (aliases and repeated fields count together). Split the request.`, { extensions: { code: 'BAD_USER_INPUT', max: MAX_BATCH, asked } })],
        });
        return;
      }
      const requestId = (args.contextValue as HubContext).asker?.requestId;
      return {
        onExecuteDone({ result, setResult }) {
          if (!result || Symbol.asyncIterator in result) return;
          // which internal service answered is not the client's business (as the hub's gateway drops it)
          const formatted = (result.errors ?? []).map((e) => {
            const json = e instanceof GraphQLError ? e.toJSON() : e;
            const { serviceName: _service, ...extensions } = (json.extensions ?? {}) as Record<string, unknown>;
            return { ...json, extensions };
          });
          const explained = explainDenials(formatted, askedCodes(args.document, operation, args.variableValues ?? undefined));
          setResult({
            ...result,
            errors: explained.errors.length ? (explained.errors as never) : undefined,
            extensions: { ...result.extensions, ...(requestId ? { requestId } : {}), withheld: explained.withheld },
          });
        },
      };
    },
    async onFetch({ url, options: init, setOptions, context }) {
      const subgraph = nameOf.get(url);
      const asker = (context as HubContext).asker;
      if (!subgraph || !asker) return;
      const body = typeof init.body === 'string' ? init.body : '';
      const assertion = await options.identity.signer.sign({ audience: subgraph, body, token: asker.token, purpose: asker.viewer.purpose, requestId: asker.requestId });
      setOptions({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${asker.token}`, [ASSERTION_HEADER]: assertion } });
    },
  };
}

export interface HiveGateway {
  url: string;
  close(): Promise<void>;
}

export async function startHiveGateway(options: HiveOptions & { host: string; port: number }): Promise<HiveGateway> {
  const runtime = createGatewayRuntime<HubContext>({
    supergraph: withUrls(options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8'), options.subgraphUrls),
    landingPage: false,
    graphiql: false,
    logging: 'error',
    // the subgraphs' own messages are written for clients: show them as they are
    maskedErrors: false,
    plugins: () => [hubPlugin(options)],
  });
  const server: Server = createServer(runtime);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    url: `http://${options.host}:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime[Symbol.asyncDispose]();
    },
  };
}
