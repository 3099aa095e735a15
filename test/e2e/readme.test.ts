/**
 * The README walkthrough is run as written: every `q $ASKER '<request>'` line is sent through a
 * real gateway with that asker's token and must answer, with no error but the FORBIDDEN denials
 * the walkthrough talks about.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** `BANK=$(npm run -s token -- --client bank-jinling)` → BANK: bank-jinling */
const askers = Object.fromEntries(
  [...readme.matchAll(/^(\w+)=\$\(npm run -s token -- --(?:client|subject) (\S+)\)/gm)].map((m) => [m[1]!, m[2]!]),
);
const steps = [...readme.matchAll(/^q \$(\w+) '(.+)'$/gm)].map((m) => ({ asker: m[1]!, request: JSON.parse(m[2]!) as { query: string } }));

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

describe('README walkthrough', () => {
  it('has askers and steps to run', () => {
    expect(Object.keys(askers).length).toBeGreaterThanOrEqual(6);
    expect(steps.length).toBeGreaterThanOrEqual(5);
  });

  it.each(steps.map((s, i) => [i + 1, s.asker, s] as const))('step %i (%s) answers', async (_, asker, step) => {
    expect(askers[asker], `unknown asker ${asker}`).toBeDefined();
    const res = await t.query(askers[asker]!, step.request.query);
    expect(res.status).toBe(200);
    expect(res.data).toBeTruthy();
    for (const e of res.errors ?? []) expect(e.extensions!.code).toBe('FORBIDDEN');
  });
});
