/**
 * Bulk feeds (issue 13): an authority's NDJSON file — one listing record per line, `op` PUBLISH
 * (the default), CORRECT, REVOKE or END — sent through the sanctions subgraph's
 * `publishListings` in batches, and reported line by line. Two ways in share this module:
 *
 * - `POST /feeds` on the gateway (content type application/x-ndjson, the authority's bearer token):
 *   it reads the body as it arrives and answers NDJSON, one report per line of the file as each
 *   batch is applied, then a summary line;
 * - `npm run feed` (gateway/feed.ts), which sends the batches to /graphql itself and shows a
 *   progress bar.
 *
 * The gateway decides nothing here: each batch is one GraphQL operation like any other, and the
 * sanctions subgraph checks the authority, its licence and every record. A record is applied whole
 * or refused whole; a batch the hub could not take at all reports each of its lines refused, with
 * the reason, so nothing is left unreported.
 */
/** lines per call from outside: 500 records of a few hundred bytes stay within /graphql's body limit */
export const FEED_BATCH = 500;
/** batches in flight at once; two batches naming one ref are never in flight together */
export const FEED_PARALLEL = 2;
/** the longest line sent on: the subgraph refuses anything longer than its own limit anyway */
export const MAX_FEED_LINE = 64 * 1024;

export const PUBLISH_LINES = /* GraphQL */ `mutation Feed($lines: [String!]!) { publishListings(lines: $lines) { applied unchanged refused lines { line ref operation outcome code reason receipt { version status } } } }`;

export interface LineReport {
  /** the line's number in the file, from 1 */
  line: number;
  ref: string | null;
  operation: string | null;
  outcome: 'APPLIED' | 'UNCHANGED' | 'REFUSED';
  code?: string;
  reason?: string;
  version?: number;
  status?: string;
}

export interface FeedSummary {
  lines: number;
  applied: number;
  unchanged: number;
  refused: number;
}

/** codes that refuse the caller, not a record: the feed stops at the first batch that gets one */
const CALLER_REFUSED = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/** The feed stopped because the hub refused the caller itself: the lines reported so far stand, the rest were not read. */
export class FeedStopped extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly summary: FeedSummary,
  ) {
    super(message);
  }
}

interface BatchLine {
  line: number;
  text: string;
  ref: string | null;
}

/** What one `publishListings` call answered: its report, or the error that refused the whole call. */
export type BatchAnswer =
  | { report: { lines: { line: number; ref: string | null; operation: string | null; outcome: LineReport['outcome']; code: string | null; reason: string | null; receipt: { version: number; status: string } | null }[] } }
  | { error: { code: string; message: string } };

/** The GraphQL answer of a batch, as a BatchAnswer. */
export function batchAnswer(body: { data?: { publishListings?: unknown } | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): BatchAnswer {
  const report = body.data?.publishListings as Extract<BatchAnswer, { report: unknown }>['report'] | null | undefined;
  if (report) return { report };
  const e = body.errors?.[0];
  return { error: { code: String(e?.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), message: e?.message ?? 'the hub gave no answer' } };
}

function refOf(text: string): string | null {
  try {
    const v = JSON.parse(text) as { ref?: unknown };
    return typeof v?.ref === 'string' ? v.ref.trim() : null;
  } catch {
    return null;
  }
}

function reportsOf(batch: readonly BatchLine[], answer: BatchAnswer): LineReport[] {
  if ('error' in answer) {
    return batch.map((b) => ({ line: b.line, ref: b.ref, operation: null, outcome: 'REFUSED', code: answer.error.code, reason: `the whole batch was refused: ${answer.error.message}` }));
  }
  return answer.report.lines.map((r, i) => ({
    line: batch[i]!.line,
    ref: r.ref,
    operation: r.operation,
    outcome: r.outcome,
    ...(r.code ? { code: r.code } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.receipt ? { version: r.receipt.version, status: r.receipt.status } : {}),
  }));
}

/**
 * Sends the lines of a file in batches through `send`, keeping up to `parallel` batches in flight
 * (never two naming one ref: a later record on a ref waits for the earlier), and hands the reports
 * of each batch to `onReports` in the order of the file. Blank lines are skipped, their numbers kept.
 */
export async function runFeed(
  lines: AsyncIterable<string> | Iterable<string>,
  send: (lines: string[]) => Promise<BatchAnswer>,
  onReports: (reports: LineReport[]) => void | Promise<void>,
  options: { batch?: number; parallel?: number } = {},
): Promise<FeedSummary> {
  const size = options.batch ?? FEED_BATCH;
  const parallel = options.parallel ?? FEED_PARALLEL;
  const summary: FeedSummary = { lines: 0, applied: 0, unchanged: 0, refused: 0 };
  const inFlight: { refs: Set<string>; done: Promise<LineReport[]> }[] = [];
  let stopped: { code: string; message: string } | undefined;
  const settle = async () => {
    const oldest = inFlight.shift()!;
    const reports = await oldest.done;
    for (const r of reports) summary[r.outcome === 'APPLIED' ? 'applied' : r.outcome === 'UNCHANGED' ? 'unchanged' : 'refused']++;
    await onReports(reports);
  };
  // a caller the hub refuses (not an authority, a suspended client, an expired token) costs one batch, not the whole file
  const stopIfRefused = async () => {
    if (!stopped) return;
    // what was sent is reported; nothing more is sent
    while (inFlight.length > 0) await settle();
    throw new FeedStopped(stopped.code, `the hub refused the caller (${stopped.code}): ${stopped.message}`, summary);
  };
  const dispatch = async (batch: BatchLine[]) => {
    const refs = new Set(batch.map((b) => b.ref).filter((r): r is string => r !== null));
    // a record on a ref still in flight waits for it: records on one ref apply in the file's order
    while (inFlight.length >= parallel || inFlight.some((f) => [...refs].some((r) => f.refs.has(r)))) await settle();
    await stopIfRefused();
    const tooLong = batch.filter((b) => b.text.length > MAX_FEED_LINE);
    const sendable = batch.filter((b) => b.text.length <= MAX_FEED_LINE);
    const done = (async (): Promise<LineReport[]> => {
      const local: LineReport[] = tooLong.map((b) => ({ line: b.line, ref: null, operation: null, outcome: 'REFUSED', code: 'BAD_USER_INPUT', reason: `line: is longer than ${MAX_FEED_LINE} characters` }));
      if (sendable.length === 0) return local;
      let answer: BatchAnswer;
      try {
        answer = await send(sendable.map((b) => b.text));
        if ('error' in answer && CALLER_REFUSED.has(answer.error.code)) stopped ??= answer.error;
      } catch (err) {
        answer = { error: { code: 'SERVICE_UNAVAILABLE', message: `the hub could not be reached (${(err as Error).message}); nothing of this batch was applied that a resend would not answer UNCHANGED` } };
      }
      return [...local, ...reportsOf(sendable, answer)].sort((a, b) => a.line - b.line);
    })();
    inFlight.push({ refs, done });
  };
  let batch: BatchLine[] = [];
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = raw.trim();
    if (!text) continue;
    summary.lines++;
    batch.push({ line: n, text, ref: refOf(text) });
    if (batch.length >= size) {
      await dispatch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await dispatch(batch);
  while (inFlight.length > 0) await settle();
  await stopIfRefused();
  return summary;
}
