/**
 * Tier 3: the hub started the way `npm start` starts it, as a separate process on the
 * embedded store, queried over HTTP, and stopped with Ctrl-C (SIGINT).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedPort } from '../support/ports.ts';

let child: ChildProcess;
let output = '';
let url = '';
const ports: Record<string, number> = {};

beforeAll(async () => {
  for (const name of ['GATEWAY', 'PERSONS', 'ENTERPRISES', 'ECOMMERCE', 'COURIERS', 'SANCTIONS', 'ISSUER']) ports[name] = await unusedPort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development' };
  delete env.MONGODB_URI; // the zero-setup default: the embedded store
  for (const [name, port] of Object.entries(ports)) env[`${name}_PORT`] = String(port);
  // Exactly the command of the `start` script, without npm in between: npm reports Ctrl-C as its
  // own death by signal, which would hide the hub's exit code.
  const start = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [bin, ...args] = start.split(' ');
  child = spawn(bin === 'node' ? process.execPath : `node_modules/.bin/${bin}`, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 45 s:\n${output}`)), 45_000);
    const check = () => {
      const m = /credithub ready at (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}, 60_000);

/** `npm run -s token -- …` as a user runs it beside `npm start`: its stdout, which must be the token alone. */
async function npmToken(args: string[]): Promise<string> {
  const run = spawn('npm', ['run', '-s', 'token', '--', ...args], { env: { ...process.env, ISSUER_PORT: String(ports.ISSUER) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  run.stdout!.on('data', (d) => (stdout += d));
  run.stderr!.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run -s token exited with ${code}: ${stderr}`);
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

afterAll(() => {
  if (child && child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
});

describe('npm start', () => {
  it('prints one ready line with the gateway URL and how to get a token', () => {
    expect(url).toBe(`http://127.0.0.1:${ports.GATEWAY}/graphql`);
    expect(output).toMatch(/npm run -s token -- --client/);
    expect(output.match(/ready at/g)).toHaveLength(1);
  });

  it('gives a token with `npm run -s token`, from its development issuer, and nothing else on stdout', async () => {
    const token = await npmToken(['--client', 'bank-jinling']);
    expect(token).toMatch(/^ey[\w-]+\.ey[\w-]+\.[\w-]+$/);
    const self = await npmToken(['--subject', '320502198203174715']);
    expect(JSON.parse(Buffer.from(self.split('.')[1]!, 'base64url').toString())).toMatchObject({ subject_code: '320502198203174715', client_id: 'dev-self-access' });
  });

  it('serves the showcase through the gateway and each subgraph on its own port', async () => {
    const token = await npmToken(['--client', 'bank-jinling']);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: /* GraphQL */ '{ person(creditCode: "320502198203174715") { name financialDefaults { ref overdueAmount } sanctions { courtListed } } }',
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.person).toEqual({
      name: '张伟',
      financialDefaults: [{ ref: 'JL-LOAN-2023-0917', overdueAmount: 38888.88 }],
      sanctions: { courtListed: false },
    });
    for (const name of ['GATEWAY', 'PERSONS', 'ENTERPRISES', 'ECOMMERCE', 'COURIERS', 'SANCTIONS']) {
      expect([name, (await fetch(`http://127.0.0.1:${ports[name]}/healthz`)).status]).toEqual([name, 200]);
      expect([name, (await fetch(`http://127.0.0.1:${ports[name]}/readyz`)).status]).toEqual([name, 200]);
    }
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Ctrl-C signals the whole foreground process group: npm, tsx and node alike.
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
  });
});

describe('npm start with NODE_ENV=production', () => {
  it("refuses to start without the operator's issuer, in one line that says what to set", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    delete env.HUB_TOKEN_ISSUERS;
    delete env.MONGODB_URI;
    const run = spawn(process.execPath, ['--import', 'tsx', 'gateway/dev/hub.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    run.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^credithub: configuration error: HUB_TOKEN_ISSUERS: required with NODE_ENV=production/)]);
  });

  it('refuses the embedded store: the audit may not live in memory', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', HUB_TOKEN_ISSUERS: 'https://idp.example/realms/credithub' };
    delete env.MONGODB_URI;
    const run = spawn(process.execPath, ['--import', 'tsx', 'gateway/dev/hub.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    run.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual(['credithub: configuration error: MONGODB_URI: required with NODE_ENV=production (the embedded store would keep the audit records in memory only)']);
  });

  it('says every bad value in one line each, and none of the values', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', HUB_TOKEN_ISSUERS: 'https://idp.example', HUB_SEED: 'all-of-it', HUB_INTROSPECTION: 'maybe', MONGODB_URI: 'mongo://admin:hunter2@db' };
    const run = spawn(process.execPath, ['--import', 'tsx', 'gateway/dev/hub.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    run.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^credithub: configuration error: MONGODB_URI: must be a MongoDB connection string/),
      expect.stringMatching(/^credithub: configuration error: HUB_INTROSPECTION: must be true or false/),
      expect.stringMatching(/^credithub: configuration error: HUB_SEED: must be "showcase" or "default"$/),
    ]);
    expect(stderr).not.toMatch(/hunter2|maybe|all-of-it/);
  });
});
