/**
 * `npm run clients`: the operator registers, suspends, reinstates and rotates clients, against a
 * hub running on the embedded store (through its operator API) and against MongoDB directly.
 * Every change is recorded, and a registered client gets tokens and answers at once.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApi, type AdminApi } from '../../gateway/dev/admin.ts';
import { clientCredentialsToken } from '../../gateway/dev/tokens.ts';
import { ClientRegistry } from '../../subgraphs/shared/wire/registry.ts';
import { openStore } from '../../subgraphs/shared/platform/store/index.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';
import { INDEXES } from '../../subgraphs/collections.ts';

const MONGODB_URI = process.env.MONGODB_URI;

function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawn(process.execPath, ['--import', 'tsx', 'gateway/clients.ts', ...args], { env: { ...process.env, MONGODB_URI: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  run.stdout!.on('data', (d) => (stdout += d));
  run.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => run.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const secretOf = (stdout: string) => /secret[^:]*: (\S+)/.exec(stdout)?.[1] ?? '';

describe('npm run clients, against a hub on the embedded store', () => {
  let t: TestHub;
  let admin: AdminApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestHub();
    admin = await startAdminApi({ registry: new ClientRegistry(t.store), port: 0, writeKeyFile: false });
    env = { ADMIN_PORT: admin.url.split(':').pop()!, HUB_ADMIN_KEY: admin.key, NODE_ENV: 'development' };
  });
  afterAll(async () => {
    await admin?.close();
    await t?.stop();
  });

  it('registers a bank that gets a token and answers at once, and shows its secret once, never its hash', async () => {
    const added = await cli(['add', '--id', 'bank-cli-test', '--name', '测试银行', '--kind', 'BANK', '--purpose', 'LOAN_UNDERWRITING', '--operator', 'ops-alice'], env);
    expect(added.code, added.stderr).toBe(0);
    const secret = secretOf(added.stdout);
    expect(secret).toMatch(/^[\w-]{40,}$/);
    expect(added.stdout).not.toMatch(/scrypt/);
    const token = await clientCredentialsToken(t.issuer.tokenEndpoint, 'bank-cli-test', secret);
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: /* GraphQL */ '{ person(creditCode: "320106197805123519") { name } }' }) });
    expect(res.status).toBe(200);
    const listed = await cli(['list'], env);
    expect(JSON.parse(listed.stdout).find((c: any) => c.id === 'bank-cli-test')).toMatchObject({ kind: 'BANK', status: 'ACTIVE', credentials: 'client secret' });
  });

  it('refuses what the registry may not hold, saying why', async () => {
    const wrong = await cli(['add', '--id', 'bank-cli-wrong', '--name', 'x', '--kind', 'BANK', '--purpose', 'SUPERVISION'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/a BANK client may be licensed for LOAN_UNDERWRITING, not SUPERVISION/);
    const noReason = await cli(['suspend', '--id', 'bank-cli-test'], env);
    expect(noReason.stderr).toMatch(/suspend needs --reason/);
    const badKey = await cli(['list'], { ...env, HUB_ADMIN_KEY: 'wrong' });
    expect(badKey.stderr).toMatch(/wrong x-credithub-admin-key/);
  });

  it('registers an authority with its licence, which publishes within it at once and is refused outside it', async () => {
    const incomplete = await cli(['add', '--id', 'court-cli-test', '--name', '苏州市中级人民法院', '--kind', 'AUTHORITY', '--purpose', 'PUBLICATION'], env);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/needs a licence/);
    const added = await cli(
      ['add', '--id', 'court-cli-test', '--name', '苏州市中级人民法院', '--kind', 'AUTHORITY', '--purpose', 'PUBLICATION', '--publishes', 'DISHONEST_JUDGMENT_DEBTOR', '--refs', '(*)苏05执*号', '--region', '3205', '--operator', 'ops-alice'],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout.slice(0, added.stdout.lastIndexOf('}') + 1))).toMatchObject({ kind: 'AUTHORITY', publishes: { facts: ['DISHONEST_JUDGMENT_DEBTOR'], regions: ['3205'], refs: ['(*)苏05执*号'] } });
    const token = await clientCredentialsToken(t.issuer.tokenEndpoint, 'court-cli-test', secretOf(added.stdout));
    const publish = async (ref: string, subjectCode: string) => {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: /* GraphQL */ 'mutation($l: ListingInput!) { publishListing(listing: $l) { outcome authority } }',
          variables: { l: { ref, list: 'DISHONEST_JUDGMENT_DEBTOR', subjectCode, subjectName: '周某', basis: '拒不履行', obligation: '支付 1 元', severity: 'SERIOUS', listedAt: '2026-11-02', displayUntil: null, measures: ['AIR_TRAVEL'], sourceDocument: '决定书' } },
        }),
      });
      return (await res.json()) as { data?: any; errors?: any[] };
    };
    const ok = await publish('(2026)苏05执1号', '320505199002023017');
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
    expect(ok.data.publishListing).toEqual({ outcome: 'APPLIED', authority: '苏州市中级人民法院' });
    expect((await publish('(2026)苏05执2号', '320106197805123519')).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'REGION_NOT_LICENSED' });
  });

  it('suspends, reinstates and rotates, and records each change with its operator', async () => {
    expect((await cli(['suspend', '--id', 'bank-cli-test', '--reason', 'unpaid invoice', '--operator', 'ops-bob'], env)).code).toBe(0);
    expect((await cli(['reinstate', '--id', 'bank-cli-test', '--operator', 'ops-bob'], env)).code).toBe(0);
    const rotated = await cli(['rotate', '--id', 'bank-cli-test', '--operator', 'ops-carol'], env);
    expect(await clientCredentialsToken(t.issuer.tokenEndpoint, 'bank-cli-test', secretOf(rotated.stdout))).toMatch(/^ey/);
    const events = JSON.parse((await cli(['events', '--id', 'bank-cli-test'], env)).stdout) as { action: string; operator: string; reason?: string }[];
    expect(events.map((e) => [e.action, e.operator, e.reason ?? null])).toEqual([
      ['ROTATE', 'ops-carol', null],
      ['REINSTATE', 'ops-bob', null],
      ['SUSPEND', 'ops-bob', 'unpaid invoice'],
      ['ADD', 'ops-alice', null],
    ]);
  });
});

describe('licensed hours and regions, set with npm run clients', () => {
  let t: TestHub;
  let admin: AdminApi;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestHub();
    admin = await startAdminApi({ registry: new ClientRegistry(t.store), port: 0, writeKeyFile: false });
    env = { ADMIN_PORT: admin.url.split(':').pop()!, HUB_ADMIN_KEY: admin.key, NODE_ENV: 'development' };
  });
  afterAll(async () => {
    await admin?.close();
    await t?.stop();
  });

  it('at registration, changed and lifted later, each change recorded with the licence it leaves', async () => {
    const added = await cli(['add', '--id', 'bank-hours-test', '--name', '营业时间银行', '--kind', 'BANK', '--purpose', 'LOAN_UNDERWRITING', '--hours', '08:00-20:00', '--region', '3201', '--region', '3205', '--operator', 'ops-alice'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(await t.store.collection('clients').findOne({ _id: 'bank-hours-test' })).toMatchObject({ licensedHours: { from: '08:00', to: '20:00' }, licensedRegions: ['3201', '3205'] });

    const overnight = await cli(['licence', '--id', 'bank-hours-test', '--hours', '22:00-06:00', '--operator', 'ops-bob'], env);
    expect(overnight.code, overnight.stderr).toBe(0);
    expect(JSON.parse(overnight.stdout)).toMatchObject({ licensedHours: { from: '22:00', to: '06:00' }, licensedRegions: ['3201', '3205'] });

    expect((await cli(['licence', '--id', 'bank-hours-test', '--region', 'any', '--operator', 'ops-bob'], env)).code).toBe(0);
    const lifted = await t.store.collection('clients').findOne({ _id: 'bank-hours-test' });
    expect(lifted).toMatchObject({ licensedHours: { from: '22:00', to: '06:00' }, status: 'ACTIVE', kind: 'BANK' });
    expect(lifted).not.toHaveProperty('licensedRegions');
    expect(lifted!.credentials?.secretHash).toMatch(/^scrypt\$/);

    const events = JSON.parse((await cli(['events', '--id', 'bank-hours-test'], env)).stdout) as { action: string; reason?: string }[];
    expect(events.map((e) => [e.action, e.reason ?? null])).toEqual([
      ['LICENCE', 'hours 22:00-06:00; any region'],
      ['LICENCE', 'hours 22:00-06:00; regions 3201,3205'],
      ['ADD', null],
    ]);
  });

  it('refuses hours and regions it cannot read, saying what they must be', async () => {
    const hours = await cli(['licence', '--id', 'bank-hours-test', '--hours', '8-20'], env);
    expect(hours.code).toBe(2);
    expect(hours.stderr).toMatch(/must be HH:MM-HH:MM/);
    const region = await cli(['add', '--id', 'bank-region-wrong', '--name', 'x', '--kind', 'BANK', '--purpose', 'LOAN_UNDERWRITING', '--region', '320'], env);
    expect(region.stderr).toMatch(/administrative division code of 2, 4 or 6 digits/);
    expect(await t.store.collection('clients').findOne({ _id: 'bank-region-wrong' })).toBeNull();
    expect((await cli(['licence', '--id', 'bank-hours-test'], env)).stderr).toMatch(/names hours, regions or both/);
  });
});

describe.skipIf(!MONGODB_URI)('npm run clients, against MongoDB directly', () => {
  it('registers and suspends a client in the store the hubs read', async () => {
    const id = `platform-cli-${Date.now().toString(36)}`;
    const added = await cli(['add', '--id', id, '--name', '测试平台', '--kind', 'PLATFORM', '--purpose', 'MERCHANT_ONBOARDING', '--operator', 'ops'], { MONGODB_URI });
    expect(added.code, added.stderr).toBe(0);
    expect((await cli(['suspend', '--id', id, '--reason', 'audit', '--operator', 'ops'], { MONGODB_URI })).code).toBe(0);
    const store = await openStore({ mongodbUri: MONGODB_URI!, indexes: INDEXES });
    try {
      expect(await store.collection('clients').findOne({ _id: id })).toMatchObject({ status: 'SUSPENDED', kind: 'PLATFORM' });
      expect((await store.collection('registryEvents').find({ client: id })).map((e) => e.action).sort()).toEqual(['ADD', 'SUSPEND']);
      expect((await cli(['licence', '--id', id, '--hours', '09:00-17:30', '--region', '32', '--operator', 'ops'], { MONGODB_URI })).code).toBe(0);
      expect(await store.collection('clients').findOne({ _id: id })).toMatchObject({ status: 'SUSPENDED', licensedHours: { from: '09:00', to: '17:30' }, licensedRegions: ['32'] });
    } finally {
      await store.close();
    }
  });
});
