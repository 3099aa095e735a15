/**
 * createGateway(config): the only public entry point. It verifies who asks, forwards the
 * signed viewer to the subgraphs, and authorizes nothing itself. It does not listen.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { disableVendorTelemetry, type HubConfig, type SubgraphName } from '../subgraphs/shared/platform/config.ts';
import { formatError } from '../subgraphs/shared/platform/errors.ts';
import { serveHttp, type Listening } from '../subgraphs/shared/platform/http.ts';
import { apolloLogger, errorFields, silentLogger } from '../subgraphs/shared/platform/log.ts';
import { createTelemetry, currentRequest, NotReady, observePlugin, readiness, requestObserver, type ReadinessChecks, type Telemetry } from '../subgraphs/shared/platform/observe.ts';
import { askedCodes, explainDenials } from '../subgraphs/shared/wire/explanations.ts';
import { armor } from './armor.ts';
import { authenticate, type GatewayIdentity } from './auth.ts';
import { subjectBudget } from './budget.ts';
import { feedEndpoint, FEEDS_PATH } from './feedEndpoint.ts';
import { AssertingDataSource, type GatewayContext } from './dataSource.ts';
import type { CallSigner } from '../subgraphs/shared/wire/assertion.ts';

export const SUPERGRAPH_PATH = new URL('../schema/supergraph.graphql', import.meta.url);

export type GatewayConfig = Pick<HubConfig, 'subgraphUrls' | 'introspection'> & {
  identity: GatewayIdentity & { signer: CallSigner };
  /** development only: mints a token for a showcase asker, for the explorer's asker picker */
  developmentTokens?: ((asker: string) => Promise<string>) | undefined;
  /** its log and metrics (observe.ts); by default a silent log and metrics of its own */
  telemetry?: Telemetry;
  /** what /readyz checks besides the supergraph: the store the client registry is read from */
  readiness?: ReadinessChecks;
} &
  Partial<Pick<HubConfig, 'benchDisableAudit' | 'explorer' | 'explorerTokens' | 'fieldSuggestions' | 'production'>>;

export interface Gateway {
  server: ApolloServer<GatewayContext>;
  contextFor(headers: IncomingHttpHeaders): Promise<GatewayContext>;
  listen(host: string, port: number): Promise<Listening>;
  /** builds ahead of the first request what the gateway serves besides GraphQL (the explorer, in development) */
  prepare(): Promise<void>;
  stop(): Promise<void>;
}

/** Explains what was withheld, in the client's own query (subgraphs/shared/wire/explanations.ts). */
function responsePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, document, operation, request }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const explained = explainDenials(result.errors ?? [], askedCodes(document, operation, request.variables));
          result.errors = explained.errors.length ? explained.errors : undefined;
          result.extensions = { ...result.extensions, requestId: contextValue.requestId, withheld: explained.withheld };
        },
      };
    },
  };
}

export async function createGateway(config: GatewayConfig, supergraphSdl = readFileSync(SUPERGRAPH_PATH, 'utf8')): Promise<Gateway> {
  disableVendorTelemetry();
  const telemetry = config.telemetry ?? createTelemetry('gateway', 'gateway', { log: silentLogger() });
  const { metrics, failures } = telemetry;
  const logger = apolloLogger(telemetry.log, failures);
  const fetchFailed = (subgraph: string, reason: string, error: Error) => {
    metrics.fetchErrors.inc({ subgraph, reason });
    failures.report('error', `subgraph:${subgraph}:${reason}`, { subgraph, reason, error: errorFields(error) }, `subgraph ${subgraph} failed to answer`);
  };
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    // its spans (when tracing is on) carry neither the query text, which may hold codes, nor exceptions
    telemetry: { includeDocument: false, recordExceptions: false },
    buildService: ({ name, url }) =>
      new AssertingDataSource(name, config.subgraphUrls[name as SubgraphName] ?? url!, config.identity.signer, fetchFailed),
  });
  const protection = armor({ fieldSuggestions: !!config.fieldSuggestions });
  // The explorer lives apart (gateway/dev/) and is loaded only when configured.
  const explorer = config.explorer
    ? await (await import('./dev/portal.ts')).createPortal({
        developmentTokens: config.explorerTokens ? (config.developmentTokens ?? null) : null,
        production: !!config.production,
      })
    : null;
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // the launchers drain on SIGTERM/SIGINT themselves, in order
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    formatError,
    logger,
    validationRules: protection.validationRules,
    plugins: [
      ...(protection.plugins as ApolloServerPlugin<GatewayContext>[]),
      subjectBudget<GatewayContext>(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page loads its code from Apollo's CDN; the explorer is served here instead.
      ApolloServerPluginLandingPageDisabled(),
      responsePlugin(),
      observePlugin<GatewayContext>(),
    ],
  });
  await server.start();
  let stopped = false;

  const contextFor = async (headers: IncomingHttpHeaders): Promise<GatewayContext> => {
    const observed = currentRequest();
    const asker = await authenticate(headers, config.identity);
    observed?.asker(asker.viewer);
    return { ...asker, requestId: observed?.requestId ?? randomUUID() };
  };

  return {
    server,
    contextFor,
    listen: (host, port) =>
      serveHttp(server, {
        host,
        port,
        maxBodyBytes: 512 * 1024,
        context: ({ req }: { req: IncomingMessage }) => contextFor(req.headers),
        ready: readiness({
          ...config.readiness,
          supergraph: () => {
            if (stopped || !gateway.schema) throw new NotReady('not loaded');
          },
        }),
        metrics: () => metrics.exposition(),
        observe: requestObserver(telemetry),
        ...(explorer ? { routes: explorer.routes, landingPage: explorer.landingPage } : {}),
        streams: { [FEEDS_PATH]: feedEndpoint(server, contextFor) },
      }),
    prepare: async () => {
      await explorer?.prepare();
    },
    stop: () => {
      stopped = true;
      return server.stop();
    },
  };
}
