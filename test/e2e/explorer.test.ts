/**
 * The development explorer in a real browser (headless Chromium via playwright-core): pick an
 * asker, run an example, read the answer and what was withheld.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.log(`Explorer browser test: SKIPPED (no Chromium at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!haveBrowser)('the explorer', () => {
  let t: TestHub;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestHub();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('runs a query as the chosen asker and shows what was withheld', async () => {
    const page = await browser.newPage();
    await page.goto(t.url.replace(/\/graphql$/, '/explorer'));
    await page.selectOption('#asker', 'bank-jinling');
    await page.selectOption('#example', 'A bank reads a loan applicant');
    await page.click('#run');
    await page.waitForFunction(`document.getElementById('result').textContent.includes('"data"')`);
    const result = JSON.parse((await page.textContent('#result'))!);
    expect(result.data.person.name).toBe('张伟');
    expect(result.data.person.financialDefaults[0].ref).toBe('JL-LOAN-2023-0917');
    expect(result.data.person.phone).toBeNull();
    expect(await page.textContent('#summary')).toContain('withheld — 320502198203174715: Person.phone (CONTACT, PURPOSE)');
    await page.close();
  });

  it.each([
    ['in production', { NODE_ENV: 'production', HUB_TOKEN_SECRET: 'r'.repeat(40), HUB_SUBGRAPH_SECRET: 's'.repeat(40) }],
    // it would sign tokens with the real key: one real key is enough to close it
    ['with a real token key, even outside production', { HUB_TOKEN_SECRET: 'r'.repeat(40) }],
  ])('is not served with real keys: %s', async (_, env) => {
    const other = await startTestHub({ store: t.store, env });
    try {
      const res = await fetch(other.url.replace(/\/graphql$/, '/explorer/token?asker=regulator-jiangsu-credit'));
      expect(res.status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});
