/**
 * `POST /feeds`: an authority's NDJSON feed over HTTP (gateway/feeds.ts has the protocol). The body
 * is read as it arrives, one batch at a time, and each batch runs as one GraphQL operation through
 * this gateway — the same authentication, limits and subgraph checks as any request — so the
 * endpoint decides nothing itself. The answer streams NDJSON: one report per line of the file, in
 * order, then `{"summary":{…}}`.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createInterface } from 'node:readline';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { send } from '../subgraphs/shared/platform/http.ts';
import type { GatewayContext } from './dataSource.ts';
import { MAX_BATCH } from '../subgraphs/shared/platform/inputs.ts';
import { batchAnswer, FeedStopped, PUBLISH_LINES, runFeed } from './feeds.ts';

export const FEEDS_PATH = '/feeds';
/** the largest feed one request takes: a court's daily list is a few megabytes */
export const MAX_FEED_BYTES = 256 * 1024 * 1024;

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, SERVICE_UNAVAILABLE: 503 };

export function feedEndpoint(server: ApolloServer<GatewayContext>, contextFor: (headers: IncomingHttpHeaders) => Promise<GatewayContext>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/(x-)?ndjson\b/.test(type)) {
      send(res, 415, { errors: [{ message: 'A feed is NDJSON: send it with content-type application/x-ndjson, one JSON record per line.', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    try {
      await contextFor(req.headers);
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      const code = String(err.extensions.code ?? 'UNAUTHENTICATED');
      send(res, STATUS[code] ?? 401, { errors: [{ message: err.message, extensions: { code } }] });
      return;
    }
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_FEED_BYTES) req.destroy(new Error(`the feed is larger than ${MAX_FEED_BYTES} bytes: split it`));
    });
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
    const lines = createInterface({ input: req, crlfDelay: Infinity });
    try {
      const summary = await runFeed(
        lines,
        async (batch) => {
          // each batch is its own request: its own id, budget and audit records
          const contextValue = await contextFor(req.headers);
          const result = await server.executeOperation({ query: PUBLISH_LINES, variables: { lines: batch } }, { contextValue });
          return batchAnswer(result.body.kind === 'single' ? (result.body.singleResult as never) : { errors: [{ message: 'unexpected incremental answer' }] });
        },
        (reports) => {
          for (const r of reports) res.write(`${JSON.stringify(r)}\n`);
        },
        // in-process, a batch is not bound by /graphql's body limit: the subgraph's 1,000 lines
        { batch: MAX_BATCH },
      );
      res.end(`${JSON.stringify({ summary })}\n`);
    } catch (err) {
      // the lines reported so far stand; the rest were not read
      const code = err instanceof FeedStopped ? err.code : 'BAD_REQUEST';
      res.end(`${JSON.stringify({ error: { code, message: `the feed stopped: ${(err as Error).message}; the lines reported above stand, the rest were not read` } })}\n`);
      // the rest of the body is drained unread, so the client gets the answer whole
      lines.close();
      req.resume();
    }
  };
}
