/**
 * The developer explorer: GraphiQL built from the npm packages and served by the gateway, with
 * the hub's asker picker, examples, withheld panel and field access, and the API reference.
 * The browser part drives headless Chromium (playwright-core, Debian's chromium) with every
 * request to anywhere but 127.0.0.1 refused and logged; screenshots go to .cache/artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../gateway/dev/examples.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.log(`Explorer browser test: SKIPPED (no Chromium at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`);

const ARTIFACTS = fileURLToPath(new URL('../../.cache/artifacts/explorer/', import.meta.url));
/** the operator's own issuer: no development tokens are handed out then */
const OPERATOR_ISSUER = { HUB_TOKEN_ISSUERS: 'https://idp.example/realms/credithub' };

let t: TestHub;
let origin: string;
beforeAll(async () => {
  t = await startTestHub();
  origin = new URL(t.url).origin;
  // builds the explorer for this checkout, unless built already (the production hubs below serve only a built one)
  await t.hub.gateway!.prepare();
}, 180_000);
afterAll(() => t?.stop());

describe('the explorer, as served', () => {
  it('is where a browser asking /graphql for a page is sent; Apollo landing page (and its CDN) is off', async () => {
    const res = await fetch(t.url, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/explorer');
    const page = await (await fetch(`${origin}/explorer`)).text();
    expect(page).not.toMatch(/apollographql|cdn\.|unpkg|jsdelivr|esm\.sh/i);
    for (const src of page.matchAll(/(?:src|href)="([^"]+)"/g)) expect(src[1]).toMatch(/^(\/|data:)/);
  });

  it('forbids the page to load anything from elsewhere, and serves only the files of its build', async () => {
    const res = await fetch(`${origin}/explorer`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    const main = /src="(\/explorer\/assets\/[0-9a-f]+\/main\.js)"/.exec(await res.text())![1]!;
    const js = await fetch(`${origin}${main}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${origin}${main.replace('main.js', 'manifest.json')}`)).status).toBe(404);
    expect((await fetch(`${origin}${main.replace(/[0-9a-f]+\/main\.js/, '0000000000000000/main.js')}`)).status).toBe(404);
  });

  it('serves the API reference: Person.phone with its class and who may read it', async () => {
    const html = await (await fetch(`${origin}/reference`)).text();
    const phone = html.slice(html.indexOf('id="Person.phone"'), html.indexOf('id="Person.address"'));
    expect(phone).toContain('fact class <b>CONTACT</b>');
    expect(phone).toContain('About a person: may read: SUPERVISION, SELF_ACCESS (own file).');
    const name = html.slice(html.indexOf('id="Person.name"'), html.indexOf('id="Person.maskedId"'));
    expect(name).toContain("with the person's consent: LOAN_UNDERWRITING, EMPLOYMENT_SCREENING, MERCHANT_ONBOARDING");
  });

  it.each([
    ['in production', { NODE_ENV: 'production', ...OPERATOR_ISSUER }],
    // it would sign tokens with the real key: one real key is enough to close it
    ["with the operator's issuer, even outside production", OPERATOR_ISSUER],
    ['with HUB_EXPLORER=off', { HUB_EXPLORER: 'off' }],
  ])('is not served by default, and never hands out tokens, with real keys: %s', async (_, env) => {
    const other = await startTestHub({ store: t.store, env });
    try {
      const base = new URL(other.url).origin;
      expect((await fetch(`${base}/explorer/token?asker=regulator-jiangsu-credit`)).status).toBe(404);
      expect((await fetch(`${base}/explorer`)).status).toBe(404);
      const res = await fetch(other.url, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(res.status).not.toBe(302);
      expect(await res.text()).not.toMatch(/apollographql|cdn\./i);
    } finally {
      await other.stop();
    }
  });

  it('is served in production with HUB_EXPLORER=on, for a pasted token, and hands out none', async () => {
    const other = await startTestHub({ store: t.store, env: { NODE_ENV: 'production', HUB_EXPLORER: 'on' } });
    try {
      const base = new URL(other.url).origin;
      expect(await (await fetch(`${base}/explorer`)).text()).toContain('data-tokens="off"');
      expect((await fetch(`${base}/reference`)).status).toBe(200);
      expect((await fetch(`${base}/explorer/askers`)).status).toBe(404);
      expect((await fetch(`${base}/explorer/token?asker=regulator-jiangsu-credit`)).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});

describe.skipIf(!haveBrowser)('the explorer in a browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  /** every request the browser made, and those refused for leaving 127.0.0.1 */
  const requests: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // the network is cut off: only this machine answers
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).hostname === '127.0.0.1') return route.continue();
      refused.push(url);
      return route.abort('internetdisconnected');
    });
    context.on('request', (r) => requests.push(r.url()));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(viewport = { width: 1400, height: 900 }): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    await page.goto(`${origin}/explorer`);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
    return page;
  }

  it('runs an example as the asker it names, and shows the data and what was withheld', async () => {
    const page = await open();
    await page.selectOption('#asker', 'developer-sandbox');
    const example = EXAMPLES.findIndex((e) => e.title === 'A bank reads a loan applicant');
    await page.selectOption('#example', String(example));
    // the example switches to the asker it is written for
    expect(await page.inputValue('#asker')).toBe('bank-jinling');
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && !!r.request().postData()?.includes('LoanApplicant'));
    await page.click('.graphiql-execute-button');
    const body = await (await answer).json();
    expect(body.data.person.name).toBe('张伟');
    expect(body.data.person.financialDefaults[0].ref).toBe('JL-LOAN-2023-0917');
    expect(body.data.person.phone).toBeNull();
    await page.locator('.hub-withheld[data-withheld="1"]').waitFor();
    await expect.poll(() => page.locator('.graphiql-response .view-lines').innerText()).toContain('"data"');
    const withheld = await page.locator('.hub-withheld').innerText();
    expect(withheld).toContain('Withheld: 1 field (Person.phone)');
    expect(withheld).toMatch(/person\.phone\s+Person\.phone\s+CONTACT\s+PURPOSE\s+LOAN_UNDERWRITING\s+1/);
    await page.screenshot({ path: `${ARTIFACTS}desktop-1400x900.png` });

    // the layout: the bar stays small; the editor, the run button and the answer fit the first screen
    const viewport = page.viewportSize()!;
    const inView = async (selector: string) => {
      const box = (await page.locator(selector).first().boundingBox())!;
      return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height && box.height > 150;
    };
    expect((await page.locator('.hub-bar').boundingBox())!.height).toBeLessThanOrEqual(60);
    expect(await inView('.graphiql-query-editor')).toBe(true);
    expect(await inView('.graphiql-response')).toBe(true);
    expect(await page.locator('.graphiql-execute-button').isVisible()).toBe(true);
    expect(await page.evaluate('document.scrollingElement.scrollHeight <= window.innerHeight')).toBe(true);
    await page.close();
  }, 90_000);

  it('completes a field of the schema as one types', async () => {
    const page = await open();
    await page.locator('.graphiql-query-editor .monaco-editor').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{ person(creditCode: "320502198203174715") { financialD');
    const suggestions = page.locator('.suggest-widget.visible');
    await suggestions.waitFor({ timeout: 20_000 });
    expect(await suggestions.innerText()).toContain('financialDefaults');
    await page.keyboard.press('Enter');
    // Monaco renders spaces as no-break spaces
    const typed = async () => (await page.locator('.graphiql-query-editor .view-lines').innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(typed).toContain('{ person(creditCode: "320502198203174715") { financialDefaults');
    await page.close();
  }, 90_000);

  it('shows in the docs which purposes may read Person.phone', async () => {
    const page = await open();
    await page.click('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]');
    await page.locator('.graphiql-doc-explorer-type-name', { hasText: /^Person$/ }).first().click();
    await page.locator('a.graphiql-doc-explorer-field-name', { hasText: /^phone$/ }).first().click();
    const access = page.locator('section[aria-label="Who may read Person.phone"]');
    await access.waitFor();
    const text = await access.innerText();
    expect(text).toContain('fact class CONTACT');
    expect(text).toContain('May read: SUPERVISION, SELF_ACCESS.');
    expect(await access.locator('tr.no th').allInnerTexts()).toEqual(['LOAN_UNDERWRITING', 'EMPLOYMENT_SCREENING', 'MERCHANT_ONBOARDING', 'PUBLIC', 'PUBLICATION']);
    await page.screenshot({ path: `${ARTIFACTS}docs-person-phone-1400x900.png` });
    await page.close();
  }, 90_000);

  it('works on a phone screen (390×844)', async () => {
    const page = await open({ width: 390, height: 844 });
    await page.selectOption('#example', String(EXAMPLES.findIndex((e) => e.title === 'A courier company, as the public sees it')));
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && !!r.request().postData()?.includes('CourierCompany'));
    await page.click('.graphiql-execute-button');
    expect((await (await answer).json()).data.enterprise.courierProfile.grade).toBeTruthy();
    await page.locator('.hub-withheld[data-withheld="1"]').waitFor();
    expect(await page.locator('.hub-withheld').innerText()).toContain('Sanctions.courierBlacklist');
    expect((await page.locator('.hub-bar').boundingBox())!.height).toBeLessThanOrEqual(120);
    await page.screenshot({ path: `${ARTIFACTS}phone-390x844.png` });
    expect(await page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.close();
  }, 90_000);

  it('takes a pasted token in production (HUB_EXPLORER=on)', async () => {
    const production = await startTestHub({ store: t.store, env: { NODE_ENV: 'production', HUB_EXPLORER: 'on', HUB_INTROSPECTION: 'true' } });
    try {
      const page = await context.newPage();
      await page.goto(`${new URL(production.url).origin}/explorer`);
      await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
      expect(await page.locator('#asker').count()).toBe(0);
      await page.fill('#token', await production.token('platform-yunji'));
      await page.click('.hub-token button[type="submit"]');
      await page.selectOption('#example', String(EXAMPLES.findIndex((e) => e.title === 'A platform onboards a shop')));
      expect(await page.locator('.hub-about').innerText()).toContain('Written for platform-yunji');
      const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && !!r.request().postData()?.includes('Onboarding'));
      await page.click('.graphiql-execute-button');
      const body = await (await answer).json();
      expect(body.data.merchant.shopName).toBe('刘洋小铺');
      expect(body.data.person.sanctions.ecommerceBlacklist[0].ref).toBeTruthy();
      await page.close();
    } finally {
      await production.stop();
    }
  }, 90_000);

  it('made no request that leaves 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(refused).toEqual([]);
    const outside = requests.filter((u) => /^(https?|wss?):/.test(u) && new URL(u).hostname !== '127.0.0.1');
    expect(outside).toEqual([]);
  });
});
