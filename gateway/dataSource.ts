/**
 * The gateway's subgraph transport: forwards who is asking, signed, and collects what each
 * subgraph returned for the audit (response extensions only the gateway reads). It also carries
 * the consent states the persons subgraph reported to the later fetches that resolve persons,
 * under the same signature (subgraphs/shared/policy/consentWire.ts).
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ungroupAudit, type AuditGroup } from '../subgraphs/shared/policy/auditWire.ts';
import { CONSENTS_EXTENSION, CONSENTS_REPORT, encodeForwarded, type ConsentStates } from '../subgraphs/shared/policy/consentWire.ts';
import type { ConsentState } from '../subgraphs/shared/policy/decide.ts';
import type { AuditEntry } from '../subgraphs/shared/policy/runtime.ts';
import { collectionOwners } from '../subgraphs/shared/documents.ts';
import { signViewer, VIEWER_HEADER, type AskingViewer, type Viewer } from '../subgraphs/shared/viewer.ts';

export interface GatewayContext {
  viewer: AskingViewer;
  requestId: string;
  audit: AuditEntry[];
  /** consent states the persons subgraph looked up in this request, forwarded to later fetches */
  consents: Map<string, ConsentState>;
  /** their forwarded form, made once per growth of `consents` */
  forwarded?: { size: number; text: string };
}

export function viewerHeader(
  viewer: Viewer,
  requestId: string,
  secret: string,
  { now = Date.now(), noAudit = false, consents }: { now?: number; noAudit?: boolean; consents?: string } = {},
): string {
  return signViewer({ viewer, requestId, iat: Math.floor(now / 1000), ...(noAudit ? { noAudit: true as const } : {}) }, secret, consents);
}

/** Whether a fetch resolves persons: its representations include a Person. */
function resolvesPersons(representations: unknown): boolean {
  if (!Array.isArray(representations)) return false;
  for (const rep of representations as { __typename?: string }[]) if (rep?.__typename === 'Person') return true;
  return false;
}

/**
 * The request's known consent states in their forwarded form, encoded once and again only when
 * the persons subgraph has reported more.
 */
function forwardedConsents(ctx: GatewayContext): string {
  if (ctx.forwarded?.size !== ctx.consents.size) ctx.forwarded = { size: ctx.consents.size, text: encodeForwarded(ctx.consents) };
  return ctx.forwarded.text;
}

type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

export class ViewerForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    /** the subgraph's name: only the consent owner's reports of consent states are taken */
    private readonly name: string,
    url: string,
    private readonly secret: string,
    /** benchmark-only: the gateway writes no audit, so subgraphs need not report for it */
    private readonly noAudit = false,
  ) {
    // Node's own fetch (undici): the default make-fetch-happen agent captures a stack trace on
    // every request to tell http from https, which showed in the gateway's profile.
    super({ url, fetcher: fetch as never });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loads carry no incoming request and so no viewer: send none.
    const ctx = context as Partial<GatewayContext>;
    if (!ctx.viewer || !ctx.requestId) return;
    const forwarded =
      ctx.consents?.size && resolvesPersons(request.variables?.representations) ? forwardedConsents(ctx as GatewayContext) : undefined;
    if (forwarded) request.extensions = { ...request.extensions, [CONSENTS_EXTENSION]: forwarded };
    const signed = viewerHeader(ctx.viewer, ctx.requestId, this.secret, { noAudit: this.noAudit, ...(forwarded ? { consents: forwarded } : {}) });
    request.http?.headers.set(VIEWER_HEADER, signed);
  }

  override async didReceiveResponse({ response, context }: ReceivedResponse) {
    const ext = response.extensions as { audit?: AuditGroup[]; [CONSENTS_REPORT]?: ConsentStates } | undefined;
    const ctx = context as Partial<GatewayContext>;
    if (ext && ctx.audit) {
      if (ext.audit) ctx.audit.push(...ungroupAudit(ext.audit));
      const reported = ext[CONSENTS_REPORT];
      if (reported && ctx.consents && this.name === collectionOwners.consents) {
        for (const [code, state] of Object.entries(reported)) ctx.consents.set(code, state);
      }
      delete ext.audit;
      delete ext[CONSENTS_REPORT];
    }
    return response;
  }
}
