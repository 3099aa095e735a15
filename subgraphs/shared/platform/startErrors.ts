/**
 * One line for stderr when a process cannot start (a subgraph, the gateway, the hub, the seed):
 * what went wrong and what to do, never a stack or a driver message.
 */
import { ConfigError } from './config.ts';
import { StoreError } from './store/port.ts';

export function describeStartError(err: unknown): string {
  if (err instanceof ConfigError) return `configuration error: ${err.message}`;
  if (err instanceof StoreError && err.kind === 'UNAVAILABLE') return 'cannot reach the MongoDB store at MONGODB_URI: check that it is running and reachable';
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') return `port already in use (${(err as Error).message}); set another port in the environment`;
  return `failed to start: ${(err as Error)?.message ?? String(err)}`;
}
