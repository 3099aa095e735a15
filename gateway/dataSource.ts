/**
 * The gateway's subgraph transport: forwards who is asking, signed, and collects what each
 * subgraph withheld and returned (response extensions only the gateway reads).
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ungroupAudit, type AuditGroup } from '../subgraphs/shared/policy/auditWire.ts';
import type { AuditEntry, WithheldSubject } from '../subgraphs/shared/policy/runtime.ts';
import { signViewer, VIEWER_HEADER, type AskingViewer, type Viewer } from '../subgraphs/shared/viewer.ts';

export interface GatewayContext {
  viewer: AskingViewer;
  requestId: string;
  withheld: WithheldSubject[];
  audit: AuditEntry[];
}

export function viewerHeader(viewer: Viewer, requestId: string, secret: string, now = Date.now(), noAudit = false): string {
  return signViewer({ viewer, requestId, iat: Math.floor(now / 1000), ...(noAudit ? { noAudit: true as const } : {}) }, secret);
}

type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

export class ViewerForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
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
    request.http?.headers.set(VIEWER_HEADER, viewerHeader(ctx.viewer, ctx.requestId, this.secret, Date.now(), this.noAudit));
  }

  override async didReceiveResponse({ response, context }: ReceivedResponse) {
    const ext = response.extensions as { withheld?: WithheldSubject[]; audit?: AuditGroup[] } | undefined;
    const ctx = context as Partial<GatewayContext>;
    if (ext && ctx.withheld && ctx.audit) {
      if (ext.withheld) ctx.withheld.push(...ext.withheld);
      if (ext.audit) ctx.audit.push(...ungroupAudit(ext.audit));
      delete ext.withheld;
      delete ext.audit;
    }
    return response;
  }
}
