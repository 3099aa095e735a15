/**
 * A store that is down or unreachable at start: one clear line and a non-zero exit, not a stack
 * of retries. Needs no server at all (a port nobody listens on), so it runs everywhere.
 */
import { describe, it } from 'vitest';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import { StoreError } from '../../subgraphs/shared/platform/store/port.ts';
import { INTERNALS, run } from '../support/mongo.ts';
import { unusedPort } from '../support/ports.ts';
import { INDEXES } from '../../subgraphs/collections.ts';

describe.concurrent('a store that is down at start', () => {
  it('openStore rejects with one StoreError of kind UNAVAILABLE, naming no driver internals', async ({ expect }) => {
    const port = await unusedPort();
    let caught: unknown;
    try {
      const store = await openStore({ mongodbUri: `mongodb://127.0.0.1:${port}/credithub`, indexes: INDEXES });
      await store.close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as StoreError).kind).toBe('UNAVAILABLE');
    expect((caught as StoreError).message).not.toMatch(INTERNALS);
  });

  it('`npm start` (gateway/dev/hub.ts) exits non-zero on its own with exactly one clear line on stderr', async ({ expect }) => {
    const port = await unusedPort();
    const ports = { GATEWAY_PORT: '0', PERSONS_PORT: '0', ENTERPRISES_PORT: '0', ECOMMERCE_PORT: '0', COURIERS_PORT: '0', SANCTIONS_PORT: '0' };
    const done = await run('npx', ['tsx', 'gateway/dev/hub.ts'], { ...ports, MONGODB_URI: `mongodb://127.0.0.1:${port}/credithub`, NODE_ENV: 'development' });
    expect(done.signal, 'it had to be killed: it did not give up on its own').toBeNull();
    expect(done.code).toBe(1);
    expect(done.errorLines).toEqual(['credithub: cannot reach the MongoDB store at MONGODB_URI: check that it is running and reachable']);
    expect(done.stdout).not.toMatch(/ready/);
  });

  it('`npm run seed` exits 1 on its own with exactly one clear line on stderr', async ({ expect }) => {
    const port = await unusedPort();
    const done = await run(process.execPath, ['--import', 'tsx', 'test/fixtures/seed/cli.ts', '--persons', '10', '--couriers', '5'], {
      MONGODB_URI: `mongodb://127.0.0.1:${port}/credithub`,
    });
    expect(done.signal, 'it had to be killed: it did not give up on its own').toBeNull();
    expect(done.code).toBe(1);
    expect(done.errorLines).toEqual(['seed: cannot reach the MongoDB store at MONGODB_URI: check that it is running and reachable']);
    expect(done.stdout).toBe('');
  });
});
