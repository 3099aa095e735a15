/**
 * `npm run build`: the production processes as JavaScript, run with plain `node` — no tsx, no
 * TypeScript at run time — and a compiled subgraph serving on a read-only root filesystem, the way
 * the image runs it (every mount made read-only in a user and mount namespace of its own).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeAssets } from '../../schema/build.ts';
import { REPO_ROOT, run } from '../support/mongo.ts';
import { unusedPort } from '../support/ports.ts';

const OUT = `.cache/build-test-${randomBytes(4).toString('hex')}`;
const out = (path: string) => join(REPO_ROOT, OUT, path);

/** The environment of a production process: nothing that would load tsx or reach a store. */
const PLAIN = { NODE_OPTIONS: undefined, MONGODB_URI: undefined, NODE_ENV: 'development' };

/** Every mount read-only, then a probe that a write fails, then the command: exit 97 if a write succeeded. */
const READ_ONLY = `for m in $(awk '{print $2}' /proc/mounts); do mount -o remount,bind,ro "$m" 2>/dev/null; done
for dir in /tmp "$OUT_DIR"; do touch "$dir/.credithub-rw-probe" 2>/dev/null && exit 97; done
exec "$0" "$@"`;
const CAN_UNSHARE = spawnSync('unshare', ['-rm', 'true']).status === 0;

let built: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  built = await run('npm', ['run', '-s', 'build', '--', '--out', OUT], { NODE_OPTIONS: undefined }, 150_000);
}, 160_000);

afterAll(() => rmSync(join(REPO_ROOT, OUT), { recursive: true, force: true }));

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}

describe('npm run build', () => {
  it('compiles every production entry point, with the files they read at run time beside them', () => {
    expect(built.code, built.stderr).toBe(0);
    for (const entry of ['gateway/main.js', 'subgraphs/serve.js', 'gateway/clients.js', 'gateway/keys.js', 'test/fixtures/seed/cli.js']) {
      expect(existsSync(out(entry)), entry).toBe(true);
    }
    for (const asset of runtimeAssets()) expect(readFileSync(out(asset), 'utf8'), asset).toBe(readFileSync(join(REPO_ROOT, asset), 'utf8'));
  });

  it('leaves no TypeScript import and no tsx in the compiled code', () => {
    const files = jsFiles(out(''));
    expect(files.length).toBeGreaterThan(100);
    const offending = files.filter((f) => /(?:from\s*|import\s*\(\s*)["'][^"']+\.tsx?["']|["']tsx["']/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
    expect(existsSync(out('schema/compose.js')), 'the build tools stay out').toBe(false);
    expect(existsSync(out('gateway/dev/app')), "the explorer's browser code stays out").toBe(false);
  });

  it('runs the operators’ CLIs and the seed with plain node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'credithub-build-keys-'));
    const keys = await run(process.execPath, [out('gateway/keys.js'), '--dir', dir], PLAIN);
    expect(keys.code, keys.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['gateway-jwks.json', 'gateway-signing-key.json', 'link-key']);
    expect(readFileSync(join(dir, 'link-key'), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const clients = await run(process.execPath, [out('gateway/clients.js')], PLAIN);
    expect([clients.code, clients.errorLines[0]]).toEqual([2, expect.stringMatching(/^clients: usage: /)]);
    const seed = await run(process.execPath, [out('test/fixtures/seed/cli.js'), '--help'], PLAIN);
    expect([seed.code, seed.stdout]).toEqual([0, expect.stringMatching(/^usage: MONGODB_URI=/)]);
    // every module of the gateway loads (its imports are static): then it refuses, in one line, to run without its store
    const gateway = await run(process.execPath, [out('gateway/main.js')], { ...PLAIN, HUB_TOKEN_ISSUERS: 'http://127.0.0.1:9' });
    expect([gateway.code, gateway.errorLines]).toEqual([1, [expect.stringMatching(/^gateway: configuration error: MONGODB_URI is required/)]]);
  });

  describe.skipIf(!CAN_UNSHARE)('on a read-only root filesystem (unshare -rm: user and mount namespaces)', () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      if (child?.exitCode === null) child.kill('SIGKILL');
    });

    it('a compiled subgraph starts with plain node and answers over HTTP', async () => {
      const port = await unusedPort();
      const dir = mkdtempSync(join(tmpdir(), 'credithub-build-ro-'));
      const keys = await run(process.execPath, [out('gateway/keys.js'), '--dir', dir], PLAIN);
      expect(keys.code).toBe(0);
      const env = {
        ...process.env,
        ...PLAIN,
        OUT_DIR: out(''),
        PERSONS_PORT: String(port),
        HUB_TOKEN_ISSUERS: 'http://127.0.0.1:9',
        HUB_GATEWAY_JWKS_FILE: join(dir, 'gateway-jwks.json'),
      };
      const proc = spawn('unshare', ['-rm', 'sh', '-c', READ_ONLY, process.execPath, out('subgraphs/serve.js'), 'persons'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let output = '';
      const ready = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line within 30 s:\n${output}`)), 30_000);
        const onData = (d: Buffer) => {
          output += d;
          const m = /persons subgraph ready at (\S+)/.exec(output);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        };
        proc.stdout!.on('data', onData);
        proc.stderr!.on('data', onData);
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(code === 97 ? 'the namespace was writable: the test proves nothing' : `exited with ${code}:\n${output}`));
        });
      });
      expect(ready).toBe(`http://127.0.0.1:${port}/graphql`);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      // no token: refused, as a working subgraph refuses it
      const res = await fetch(ready, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(output).not.toMatch(/EROFS|read-only/i);
    }, 60_000);
  });
});
