/**
 * Every example the explorer offers, run as the asker it names, returns data for the fields it
 * is meant to show, and withholds what it says it withholds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, valueAt } from '../../gateway/dev/examples.ts';
import { summarise } from '../../gateway/dev/withheld.ts';
import { loadShowcase } from '../fixtures/seed/index.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t?.stop());

describe('the explorer examples', () => {
  it('each name a showcase asker', () => {
    const showcase = loadShowcase();
    const askers = new Set([...showcase.clients.map((c) => c.id), ...showcase.persons.map((p) => p.creditCode)]);
    for (const ex of EXAMPLES) expect(askers, ex.title).toContain(ex.asker);
  });

  it.each(EXAMPLES.map((ex) => [ex.title, ex] as const))('%s: returns data for its asker', async (_, ex) => {
    const res = await t.query(ex.asker, ex.query);
    expect(res.status).toBe(200);
    const unexpected = (res.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN' || !ex.withholds?.includes(e.extensions.field));
    expect(unexpected, `${ex.title} as ${ex.asker}`).toEqual([]);
    for (const path of ex.shows) {
      const value = valueAt(res.data, path);
      expect(value, `${path} for ${ex.asker}`).not.toBeNull();
      expect(value, `${path} for ${ex.asker}`).not.toBeUndefined();
      if (Array.isArray(value)) expect(value.length, `${path} for ${ex.asker}`).toBeGreaterThan(0);
    }
    const { denials } = summarise(res);
    expect(denials.map((d) => d.field).sort()).toEqual([...(ex.withholds ?? [])].sort());
  });
});
