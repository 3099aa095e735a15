/**
 * One line for stderr when a process cannot start (a subgraph, the gateway, the hub, the seed):
 * what went wrong and what to do, never a stack or a driver message. A bad configuration gives one
 * line per bad value; with `who`, every line starts with it (`gateway: …`).
 */
import { ConfigError } from './config.ts';
import { StoreError } from './store/port.ts';

export function describeStartError(err: unknown, who?: string): string {
  const lines = err instanceof ConfigError ? err.problems.map((p) => `configuration error: ${p}`) : [describeOne(err)];
  return lines.map((l) => (who ? `${who}: ${l}` : l)).join('\n');
}

function describeOne(err: unknown): string {
  if (err instanceof StoreError && err.kind === 'UNAVAILABLE') return 'cannot reach the MongoDB store at MONGODB_URI: check that it is running and reachable';
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') return `port already in use (${(err as Error).message}); set another port in the environment`;
  return `failed to start: ${(err as Error)?.message ?? String(err)}`;
}
