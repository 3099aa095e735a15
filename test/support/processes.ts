/**
 * The hub as it runs in production: a FerretDB of the test's own, the five subgraphs
 * (`subgraphs/serve.ts <name>`) and the gateway (`gateway/main.ts`), each its own process with
 * NODE_ENV=production, trusting a test issuer whose keys the test holds. A test can pause, kill,
 * restart and stop any of them, and reads each one's output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '../fixtures/seed/cli.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/shared/platform/config.ts';
import { generateGatewayKeys } from '../../subgraphs/shared/wire/assertion.ts';
import { REPO_ROOT, startFerretDB, type FerretDB } from './mongo.ts';
import { unusedPort } from './ports.ts';
import { startTestIssuer, type TestIssuer } from './testIssuer.ts';

export const TINY = { persons: 30, enterprises: 6, merchants: 6, couriers: 6, listEntries: 6 };

export interface HubProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** everything it wrote, stdout and stderr apart */
  stdout(): string;
  stderr(): string;
  /** resolves with its exit code once it has exited */
  exited: Promise<number | null>;
}

export interface ProcessHub {
  url: string;
  ferret: FerretDB;
  issuer: TestIssuer;
  gateway: HubProcess;
  subgraphs: Record<SubgraphName, HubProcess>;
  /** starts a subgraph again on its port (after a kill) */
  restart(name: SubgraphName): Promise<HubProcess>;
  /** POSTs a query as a client with a freshly minted token; the status, the body and how long it took */
  query(client: string, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any; ms: number }>;
  stop(): Promise<void>;
}

function launch(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, limitMs = 60_000): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const proc: HubProcess = { name, child, stdout: () => out, stderr: () => err, exited };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no ready line within ${limitMs} ms:\n${out}\n${err}`)), limitMs);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(proc);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready:\n${out}\n${err}`));
    });
  });
}

export async function startProcessHub(options: { env?: Record<string, string> } = {}): Promise<ProcessHub> {
  const dir = mkdtempSync(join(tmpdir(), 'credithub-processes-'));
  const ferret = await startFerretDB(join(dir, 'state'));
  const uri = ferret.uri('credithub_processes');
  await seed({ uri, scale: TINY });
  const issuer = await startTestIssuer();
  const keys = await generateGatewayKeys();
  const ports: Record<string, number> = {};
  for (const name of ['gateway', ...SUBGRAPH_NAMES]) ports[name] = await unusedPort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    APOLLO_TELEMETRY_DISABLED: '1',
    HUB_HOST: '127.0.0.1',
    MONGODB_URI: uri,
    HUB_TOKEN_ISSUERS: issuer.url,
    HUB_GATEWAY_SIGNING_KEY: JSON.stringify(keys.signing),
    HUB_GATEWAY_JWKS: JSON.stringify(keys.jwks),
    ...Object.fromEntries(Object.entries(ports).map(([n, p]) => [`${n.toUpperCase()}_PORT`, String(p)])),
    ...options.env,
  };
  const startSubgraph = (name: SubgraphName) => launch(name, ['subgraphs/serve.ts', name], env, new RegExp(`${name} subgraph ready at`));
  const started: HubProcess[] = [];
  const stopAll = async () => {
    for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(started.map((p) => p.exited));
    await issuer.close();
    await ferret.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const subgraphs = {} as Record<SubgraphName, HubProcess>;
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        subgraphs[name] = await startSubgraph(name);
        started.push(subgraphs[name]);
      }),
    );
    const gateway = await launch('gateway', ['gateway/main.ts'], env, /credithub gateway ready at/);
    started.push(gateway);
    const url = `http://127.0.0.1:${ports.gateway}/graphql`;
    return {
      url,
      ferret,
      issuer,
      gateway,
      subgraphs,
      async restart(name) {
        const p = await startSubgraph(name);
        started.push(p);
        subgraphs[name] = p;
        return p;
      },
      async query(client, query, variables) {
        const token = await issuer.mint(client);
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = await res.json();
        return { status: res.status, body, ms: performance.now() - t0 };
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** A stack trace line, as a flood of them would show on an operator's terminal. */
export const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
