/**
 * The hub's log: one JSON line per event (pino), on stdout. What goes into a line is chosen field
 * by field by its writer — counts, codes, the client's id, the request's id — never a request's
 * variables, an answer, or an error object as it comes: a value of a fact, a person's name or a
 * full ID must never reach the log (domain.md section 8). Free text that did not come from the hub
 * itself (an error's message) passes through `scrub` first.
 *
 * Failures are logged once per cause per interval (`FailureLog`): a store outage or a dead subgraph
 * is one line, and the next line about it says how many were left out, not a stack per request.
 */
import { createRequire } from 'node:module';
import { pino, stdTimeFunctions, type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level: LevelWithSilent;
  /**
   * the `svc` of every line; leave it out for a process's logger, whose services each log through
   * a child naming itself (observe.ts createTelemetry)
   */
  service?: string;
  /** where lines go (tests capture them); stdout otherwise */
  destination?: DestinationStream;
  /**
   * human-readable lines (pino-pretty, a development dependency): only on a terminal outside
   * production, and only when pino-pretty is installed; JSON otherwise
   */
  pretty?: boolean;
}

function prettyInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export function createLogger({ level, service, destination, pretty = false }: LogOptions): Logger {
  const options = {
    level,
    // no pid or hostname: the platform's log collector knows where a line came from
    base: service ? { svc: service } : {},
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (pretty && prettyInstalled()) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino(options);
}

/** A logger that writes nothing (the test harness's default). */
export const silentLogger = (): Logger => pino({ level: 'silent' });

/**
 * Free text for a log line: no person's name (Chinese characters), no identifier-shaped run (an
 * 18-character credit code, a phone or account number), one line, bounded. For messages the hub
 * did not write itself: a driver's error can quote the document it failed on.
 */
export function scrub(text: string, max = 200): string {
  const line = text.split('\n', 1)[0]!
    .replace(/[\u3400-\u9fff\uf900-\ufaff]+/g, '…')
    .replace(/\b[0-9A-Z]{15,18}\b/g, '[id]')
    .replace(/\d{6,}/g, '[n]');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** What a line says of an error: its type, code and scrubbed first line; never its stack. */
export function errorFields(err: unknown): { type: string; code?: string; message: string } {
  if (!(err instanceof Error)) return { type: typeof err, message: scrub(String(err)) };
  const code = (err as { code?: unknown }).code;
  return { type: err.name, ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}), message: scrub(err.message) };
}

/**
 * One line per failure cause per interval. The first failure of a cause is logged at once; the
 * ones after it within the interval are counted, and at the end of the interval one line says how
 * many there were (`suppressed`), after which the cause is quiet until it fails again.
 */
export class FailureLog {
  private readonly causes = new Map<string, { suppressed: number; timer: NodeJS.Timeout | undefined }>();

  constructor(
    private readonly log: Logger,
    readonly intervalMs = 60_000,
  ) {}

  /** `cause` is a short stable key (`store:UNAVAILABLE`, `subgraph:persons:timeout`); `fields` are chosen, never an object as it came. */
  report(level: Level, cause: string, fields: Record<string, unknown>, msg: string): void {
    const open = this.causes.get(cause);
    if (open) {
      open.suppressed++;
      return;
    }
    this.log[level]({ cause, ...fields, suppressed: 0 }, msg);
    this.openWindow(level, cause, fields, msg);
  }

  private openWindow(level: Level, cause: string, fields: Record<string, unknown>, msg: string): void {
    const window = { suppressed: 0, timer: undefined as NodeJS.Timeout | undefined };
    this.causes.set(cause, window);
    window.timer = setTimeout(() => {
      this.causes.delete(cause);
      if (window.suppressed === 0) return;
      this.log[level]({ cause, ...fields, suppressed: window.suppressed, intervalMs: this.intervalMs }, `${msg} (repeated)`);
      // the repeats are counted on: a cause that keeps failing writes one line per interval
      this.openWindow(level, cause, fields, msg);
    }, this.intervalMs);
    // a quiet cause never keeps a process alive
    window.timer.unref();
  }

  /** Stops the timers (a process stopping); counts not yet written are written now. */
  flush(): void {
    for (const [cause, w] of this.causes) {
      clearTimeout(w.timer);
      if (w.suppressed > 0) this.log.warn({ cause, suppressed: w.suppressed }, 'repeated failures not yet reported');
    }
    this.causes.clear();
  }
}

/**
 * Apollo Server's and @apollo/gateway's own logger, through the hub's: one scrubbed line per
 * message, repeated messages counted, never a stack.
 */
export function apolloLogger(log: Logger, failures: FailureLog) {
  const at = (level: Level) => (message?: unknown) => {
    const text = scrub(message instanceof Error ? `${message.name}: ${message.message}` : String(message ?? ''));
    // Apollo's information ("Gateway successfully loaded schema.") is the hub's debug: the hub says when it is ready
    if (level === 'debug' || level === 'info') log.debug({ source: 'apollo' }, text);
    else failures.report(level, `apollo:${text.slice(0, 80)}`, { source: 'apollo' }, text);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
