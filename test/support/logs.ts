/** A logger whose lines a test reads: every line the hub writes, parsed, and as written. */
import { createLogger, type Logger } from '../../subgraphs/shared/platform/log.ts';

export interface CapturedLog {
  log: Logger;
  /** every line, parsed */
  lines: Record<string, any>[];
  /** every line exactly as written */
  raw: string[];
  /** the lines of one service */
  of(svc: string): Record<string, any>[];
  clear(): void;
}

export function captureLog(level: 'info' | 'debug' = 'info'): CapturedLog {
  const lines: Record<string, any>[] = [];
  const raw: string[] = [];
  const log = createLogger({
    level,
    destination: {
      write(text: string) {
        for (const line of text.split('\n')) {
          if (!line) continue;
          raw.push(line);
          lines.push(JSON.parse(line));
        }
      },
    },
  });
  return {
    log,
    lines,
    raw,
    of: (svc) => lines.filter((l) => l.svc === svc),
    clear: () => {
      lines.length = 0;
      raw.length = 0;
    },
  };
}
