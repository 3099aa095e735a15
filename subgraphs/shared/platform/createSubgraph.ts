/**
 * The one startup routine for all five subgraphs: each subgraph declares what it is
 * (SDL, resolvers, subjects, loaders); this builds the federated schema, applies the shield
 * generated from the access matrix, establishes who asks on every call by itself (the client's
 * own token, the client registry, and the gateway's assertion for this one call), writes the
 * audit records of what it answers before the answer leaves, and serves.
 *
 * Every subgraph is its own enforcement point: no guarantee depends on the gateway in front of it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { AuditLog, recordsOf, screeningRecord, type Asked } from './audit.ts';
import type { Clock } from './clock.ts';
import { ConfigError, type HubConfig, type SubgraphName } from './config.ts';
import { formatError, unauthenticated } from './errors.ts';
import { serveHttp, type Listening } from './http.ts';
import { apolloLogger, errorFields, silentLogger } from './log.ts';
import { createTelemetry, currentRequest, NotReady, observePlugin, readiness, requestObserver, type Telemetry } from './observe.ts';
import { InstrumentedStore } from './store/instrumented.ts';
import { ASSERTION_HEADER, CallError, CallVerifier } from '../wire/assertion.ts';
import { bearerToken, resolveAsker, verifiedToken } from '../wire/asker.ts';
import type { ClientRegistry } from '../wire/registry.ts';
import type { TokenVerifier } from '../wire/tokens.ts';
import { newBudget, type SubjectBudget } from './inputs.ts';
import { readFieldFacts } from '../policy/factDirective.ts';
import { RequestPolicy } from '../policy/requestPolicy.ts';
import { applyFieldGuards, generateShield, type SubjectMap } from '../policy/guards.ts';
import type { Store } from './store/port.ts';
import { createViewLoaders, type ViewLoaders } from '../facts/views.ts';
import { factFinder, type FactFinder, type FactLocator } from '../facts/locator.ts';
import type { Viewer } from '../wire/viewer.ts';
import { createLinks, DEVELOPMENT_LINK_SECRET, type Links } from '../wire/links.ts';

export interface RequestDeps {
  store: Store;
  clock: Clock;
  viewer: Viewer;
}

export interface LoaderDeps extends RequestDeps {
  /** the shared read-only views, so an entity loader can prefetch what its facts will need */
  views: ViewLoaders;
  /** this request's policy: entity loaders prefetch their subjects' consents through it */
  policy: RequestPolicy;
}

export interface SubgraphContext<L = unknown> extends RequestDeps {
  requestId: string;
  policy: RequestPolicy;
  loaders: L & ViewLoaders;
  /** subjects this request may still ask about: one budget for every field and alias */
  budget: SubjectBudget;
  /** the subgraph's audit log: answers are recorded by the plugin, changes by their resolvers (audit.change) */
  audit: AuditLog;
  /** who asked, for a record this request writes itself */
  asked(): Asked;
  /** a fact in a person's own file, whichever subgraph owns it (the filings of the persons subgraph) */
  findFact: FactFinder;
  /** sealed person links (wire/links.ts): made where a link must not show the full ID, opened by every Person reference */
  links: Links;
}

/**
 * A subgraph's resolver map, as its generated/resolverMap.ts types it. Apollo's own map type
 * cannot express `__resolveReference` (it types every entry as a field resolver), so the map is
 * typed here and handed to buildSubgraphSchema once, below.
 */
export type SubgraphResolvers = { readonly [typeName: string]: object | undefined };

export interface SubgraphModule<L = unknown> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: SubgraphResolvers;
  /** how to find the subject (the person or organisation a fact is about) of each object type */
  subjects: SubjectMap;
  /** per-request DataLoaders: never module-level, or one asker's data would leak to the next */
  createLoaders(deps: LoaderDeps): L;
  /** where it owns facts a subject can object to: how to find one by its ref (its locator.ts) */
  locateFacts?: FactLocator;
}

/** Reads a subgraph's schema.graphql from beside the module that calls it. */
export function loadSchema(moduleUrl: string): DocumentNode {
  return parse(readFileSync(new URL('./schema.graphql', moduleUrl), 'utf8'));
}

/** What a subgraph trusts: the issuers' tokens, the registry, and the gateway's public keys. */
export interface SubgraphIdentity {
  tokens: TokenVerifier;
  registry: ClientRegistry;
  gatewayJwks: { keys: Record<string, unknown>[] };
}

export interface SubgraphDeps {
  store: Store;
  clock: Clock;
  config: Pick<HubConfig, 'production' | 'introspection' | 'benchDisableEnforcement' | 'benchDisableAudit'> & Partial<Pick<HubConfig, 'linkSecret'>>;
  identity: SubgraphIdentity;
  /** every owner's fact locator (subgraphs/index.ts): the persons subgraph checks filings against them */
  factLocators: readonly FactLocator[];
  /** its log and metrics (observe.ts); by default a silent log and metrics of its own */
  telemetry?: Telemetry;
}

export interface BuiltSubgraph<L> {
  name: SubgraphName;
  schema: GraphQLSchema;
  server: ApolloServer<SubgraphContext<L>>;
  /**
   * the request context of a call over HTTP: its headers and exact body establish who asks, or the
   * call is refused with UNAUTHENTICATED or FORBIDDEN
   */
  contextFor(headers: IncomingHttpHeaders, body: string): Promise<SubgraphContext<L>>;
  /** the request context for a viewer established already: in-process callers only (tests), never HTTP */
  contextForViewer(viewer: Viewer, requestId?: string): SubgraphContext<L>;
  /** its audit log: a shutdown waits for the records under way (AuditLog.flushed) */
  audit: AuditLog;
  listen(host: string, port: number): Promise<Listening>;
}

export function buildSchema(module: SubgraphModule<any>, enforce: boolean): GraphQLSchema {
  const facts = readFieldFacts(module.typeDefs);
  const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers as never }]);
  if (!enforce) return schema;
  const { guards } = generateShield(schema, facts, module.subjects);
  return applyFieldGuards(schema, guards);
}

/** Records the answer before it leaves, or withholds it. */
function policyPlugin<L>(subgraph: string, writeAudit: boolean): ApolloServerPlugin<SubgraphContext<L>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          // Denied fields stay one error per object, on their own path: the gateway maps them into
          // the client's query and explains them there (policy/denials.ts).
          if (response.body.kind !== 'single' || !contextValue.policy || !writeAudit) return;
          await contextValue.policy.settled();
          const entries = contextValue.policy.audit();
          const screened = contextValue.policy.screened;
          if (entries.length === 0 && !screened) return;
          const asked = contextValue.asked();
          const records = recordsOf(asked, entries);
          if (screened) records.push(screeningRecord(asked, screened));
          try {
            await contextValue.audit.write(records);
          } catch {
            response.body.singleResult = {
              data: null,
              errors: [
                {
                  message: `The ${subgraph} part of the answer was withheld because its audit record could not be written; retry shortly.`,
                  extensions: { code: 'SERVICE_UNAVAILABLE', requestId: contextValue.requestId },
                },
              ],
            };
          }
        },
      };
    },
  };
}

const CALL_PROBLEMS: Record<CallError['problem'], string> = {
  MISSING: 'answers the hub\'s gateway only: send your query to the gateway with a bearer token',
  INVALID: 'refused the call: its gateway assertion is not valid (unsigned, signed by another key, or expired)',
  WRONG_SUBGRAPH: 'refused the call: its gateway assertion is for another subgraph',
  WRONG_BODY: 'refused the call: its gateway assertion is for another request',
  WRONG_TOKEN: "refused the call: its gateway assertion is for another client's token",
  REPLAYED: 'refused the call: its gateway assertion was used already',
};

/** After a failed audit write, the subgraph is not ready until a write succeeds or this long has passed (then traffic tries again). */
export const AUDIT_RECHECK_MS = 10_000;

export async function createSubgraph<L>(module: SubgraphModule<L>, deps: SubgraphDeps): Promise<BuiltSubgraph<L>> {
  const enforcing = !deps.config.benchDisableEnforcement;
  const schema = buildSchema(module, enforcing);
  const telemetry = deps.telemetry ?? createTelemetry(module.name, 'subgraph', { log: silentLogger() });
  const { metrics, failures } = telemetry;
  const store = new InstrumentedStore(deps.store, telemetry);
  const audit = new AuditLog(store, {
    written: (seconds, records) => {
      metrics.auditWriteSeconds.observe(seconds);
      metrics.auditRecords.inc(records);
    },
    failed: (seconds, err) => {
      metrics.auditWriteSeconds.observe(seconds);
      metrics.auditWriteFailures.inc();
      failures.report('error', 'audit:write', { error: errorFields(err) }, 'audit records could not be written: the answers they were for are withheld');
    },
  });
  const calls = new CallVerifier(deps.identity.gatewayJwks, module.name);
  const findFact = factFinder(store, deps.factLocators);
  if (deps.config.production && !deps.config.linkSecret) {
    throw new ConfigError('HUB_LINK_KEY: required with NODE_ENV=production to serve a subgraph (the subgraphs\' shared secret for sealed person links, at least 32 characters)');
  }
  const links = createLinks(deps.config.linkSecret ?? DEVELOPMENT_LINK_SECRET);
  const server = new ApolloServer<SubgraphContext<L>>({
    schema,
    introspection: deps.config.introspection,
    includeStacktraceInErrorResponses: false,
    // the launchers drain on SIGTERM/SIGINT themselves, in order
    stopOnTerminationSignals: false,
    formatError,
    logger: apolloLogger(telemetry.log, failures),
    // No cache hints are used; the cache-control plugin would wrap every field for nothing.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), policyPlugin<L>(module.name, !deps.config.benchDisableAudit), observePlugin<SubgraphContext<L>>()],
  });
  await server.start();

  const contextForViewer = (viewer: Viewer, requestId: string = randomUUID()): SubgraphContext<L> => {
    const requestDeps = { store, clock: deps.clock, viewer };
    const views = createViewLoaders(requestDeps);
    const policy = new RequestPolicy(viewer, views.consentStates, enforcing);
    const loaders = { ...module.createLoaders({ ...requestDeps, views, policy }), ...views } as L & ViewLoaders;
    const asked = () => ({ viewer, requestId, subgraph: module.name, at: deps.clock.now() });
    return { ...requestDeps, requestId, loaders, policy, budget: newBudget(), audit, asked, findFact, links };
  };

  const contextFor = async (headers: IncomingHttpHeaders, body: string): Promise<SubgraphContext<L>> => {
    const assertion = headers[ASSERTION_HEADER];
    if (typeof assertion !== 'string') throw unauthenticated(`${module.name} ${CALL_PROBLEMS.MISSING}.`);
    const token = bearerToken(headers.authorization);
    let call;
    try {
      call = await calls.verify(assertion, { body, token });
    } catch (err) {
      if (err instanceof CallError) throw unauthenticated(`${module.name} ${CALL_PROBLEMS[err.problem]}.`);
      throw err;
    }
    const observed = currentRequest();
    observed?.adoptRequestId(call.requestId);
    // The subgraph checks the client itself: its token with the issuer's keys, and the registry.
    const viewer = await resolveAsker(await verifiedToken(deps.identity.tokens, token), call.purpose, deps.identity.registry);
    observed?.asker(viewer);
    return contextForViewer(viewer, call.requestId || randomUUID());
  };

  return {
    name: module.name,
    schema,
    server,
    contextFor,
    contextForViewer,
    audit,
    listen: (host, port) =>
      serveHttp(server, {
        host,
        port,
        maxBodyBytes: 4 * 1024 * 1024,
        context: async ({ req, raw }) => contextFor(req.headers, raw),
        ready: readiness({
          store: () => store.ping(),
          audit: () => {
            const failedLast = audit.lastFailureAt > audit.lastSuccessAt && Date.now() - audit.lastFailureAt < AUDIT_RECHECK_MS;
            if (failedLast) throw new NotReady('last write failed');
          },
        }),
        metrics: () => metrics.exposition(),
        observe: requestObserver(telemetry),
      }),
  };
}
