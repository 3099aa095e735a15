/** The supergraph checks on the embedded store. */
import { afterAll, beforeAll } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { federationChecks } from './checks.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

federationChecks(() => t);
