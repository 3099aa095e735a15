/**
 * The one startup routine for all five subgraphs: each subgraph declares what it is
 * (SDL, resolvers, subjects, loaders); this builds the federated schema, applies the shield
 * generated from the access matrix, verifies the gateway's signed viewer on every call, and serves.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Clock } from './clock.ts';
import type { HubConfig, SubgraphName } from './config.ts';
import { formatError, unauthenticated } from './errors.ts';
import { newBudget, type SubjectBudget } from './inputs.ts';
import { serveHttp, type Listening } from './http.ts';
import { collectionOwners } from './documents.ts';
import { groupAudit } from './policy/auditWire.ts';
import { CONSENTS_EXTENSION, CONSENTS_REPORT, readForwardedConsents } from './policy/consentWire.ts';
import { WITHHELD_NOTE } from './policy/denials.ts';
import { readFieldFacts } from './policy/facts.ts';
import { RequestPolicy, type WithheldNote } from './policy/runtime.ts';
import { applyFieldGuards, generateShield, type SubjectMap } from './policy/shield.ts';
import type { Store } from './store/port.ts';
import { createViewLoaders, type ViewLoaders } from './views.ts';
import { verifyViewer, VIEWER_HEADER, type Viewer } from './viewer.ts';

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
  /** whether to report this request's audit entries to the gateway (always, but under a benchmark-only setting) */
  reportAudit: boolean;
  policy: RequestPolicy;
  loaders: L & ViewLoaders;
  /** subjects this request may still ask about: one budget for every field and alias */
  budget: SubjectBudget;
}

export interface SubgraphModule<L = unknown> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<L>>;
  /** how to find the subject (the person or organisation a fact is about) of each object type */
  subjects: SubjectMap;
  /** per-request DataLoaders: never module-level, or one asker's data would leak to the next */
  createLoaders(deps: LoaderDeps): L;
}

/** Reads a subgraph's schema.graphql from beside the module that calls it. */
export function loadSchema(moduleUrl: string): DocumentNode {
  return parse(readFileSync(new URL('./schema.graphql', moduleUrl), 'utf8'));
}

export interface SubgraphDeps {
  store: Store;
  clock: Clock;
  config: Pick<HubConfig, 'subgraphSecret' | 'production' | 'introspection' | 'benchDisableEnforcement'>;
}

export interface BuiltSubgraph<L> {
  name: SubgraphName;
  schema: GraphQLSchema;
  server: ApolloServer<SubgraphContext<L>>;
  /**
   * builds the request context from a signed viewer header (or refuses), taking the consent
   * states the gateway forwarded in the request's extensions, which that signature also covers
   */
  contextFor(header: string | undefined, extensions?: Record<string, unknown>): SubgraphContext<L>;
  listen(host: string, port: number): Promise<Listening>;
}

export function buildSchema(module: SubgraphModule<any>, enforce: boolean): GraphQLSchema {
  const facts = readFieldFacts(module.typeDefs);
  const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers as never }]);
  if (!enforce) return schema;
  const { guards } = generateShield(schema, facts, module.subjects);
  return applyFieldGuards(schema, guards);
}

/** A GraphQL request body's `extensions` object, if it has one. */
function extensionsOf(body: unknown): Record<string, unknown> | undefined {
  const ext = body && typeof body === 'object' ? (body as { extensions?: unknown }).extensions : undefined;
  return ext && typeof ext === 'object' && !Array.isArray(ext) ? (ext as Record<string, unknown>) : undefined;
}

function withheldNoteError(note: WithheldNote): GraphQLFormattedError {
  return {
    message: `${note.field} leaves out what your view closes: ${note.class} facts (${note.reason}).`,
    path: note.path,
    extensions: { code: WITHHELD_NOTE, field: note.field, class: note.class, reason: note.reason },
  };
}

function policyPlugin<L>(reportsConsents: boolean): ApolloServerPlugin<SubgraphContext<L>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // Denied fields stay one error per object, on their own path, and partial answers add
          // a note on theirs: the gateway maps both into the client's query and explains them.
          const notes = contextValue.policy?.withheldNotes();
          if (notes?.length) result.errors = [...(result.errors ?? []), ...notes.map(withheldNoteError)];
          const audit = contextValue.reportAudit ? contextValue.policy?.audit() : undefined;
          const consents = reportsConsents ? contextValue.policy?.lookedUpConsents() : undefined;
          if (audit?.length || consents) {
            result.extensions = {
              ...result.extensions,
              ...(audit?.length ? { audit: groupAudit(audit) } : {}),
              ...(consents ? { [CONSENTS_REPORT]: consents } : {}),
            };
          }
        },
      };
    },
  };
}

export async function createSubgraph<L>(module: SubgraphModule<L>, deps: SubgraphDeps): Promise<BuiltSubgraph<L>> {
  const schema = buildSchema(module, !deps.config.benchDisableEnforcement);
  const server = new ApolloServer<SubgraphContext<L>>({
    schema,
    introspection: deps.config.introspection,
    includeStacktraceInErrorResponses: false,
    // the launchers drain on SIGTERM/SIGINT themselves, in order
    stopOnTerminationSignals: false,
    formatError,
    // No cache hints are used; the cache-control plugin would wrap every field for nothing.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), policyPlugin<L>(collectionOwners.consents === module.name)],
  });
  await server.start();

  const contextFor = (header: string | undefined, extensions?: Record<string, unknown>): SubgraphContext<L> => {
    const forwarded = extensions?.[CONSENTS_EXTENSION];
    if (forwarded !== undefined && typeof forwarded !== 'string') {
      throw unauthenticated(`${module.name} refused the forwarded identity (forwarded consent states must be one JSON string).`);
    }
    // Signatures age by the wall clock; deps.clock is the business date and may be fixed in tests.
    const verified = verifyViewer(header, deps.config.subgraphSecret, Math.floor(Date.now() / 1000), forwarded);
    if (!verified.ok) {
      throw unauthenticated(
        verified.problem === 'MISSING'
          ? `${module.name} answers the hub's gateway only: send your query to the gateway with a bearer token.`
          : `${module.name} refused the forwarded identity (${verified.problem.toLowerCase().replace('_', ' ')}).`,
      );
    }
    const { viewer, requestId, noAudit } = verified.value;
    const requestDeps = { store: deps.store, clock: deps.clock, viewer };
    const views = createViewLoaders(requestDeps);
    const policy = new RequestPolicy(viewer, views.consentStates, !deps.config.benchDisableEnforcement);
    if (forwarded !== undefined) {
      const read = readForwardedConsents(forwarded);
      if (!read.ok) throw unauthenticated(`${module.name} refused the forwarded identity (${read.problem}).`);
      policy.know(read.states);
    }
    const loaders = { ...module.createLoaders({ ...requestDeps, views, policy }), ...views } as L & ViewLoaders;
    return { ...requestDeps, requestId: requestId || randomUUID(), reportAudit: !noAudit, loaders, policy, budget: newBudget() };
  };

  return {
    name: module.name,
    schema,
    server,
    contextFor,
    listen: (host, port) =>
      serveHttp(server, {
        host,
        port,
        maxBodyBytes: 4 * 1024 * 1024,
        context: async ({ req, body }: { req: IncomingMessage; body?: unknown }) =>
          contextFor(req.headers[VIEWER_HEADER] as string | undefined, extensionsOf(body)),
        health: () => deps.store.ping(),
      }),
  };
}
