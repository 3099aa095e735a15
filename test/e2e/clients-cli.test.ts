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
    } finally {
      await store.close();
    }
  });
});
