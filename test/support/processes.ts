/**
 * The hub as production runs it: the gateway and each subgraph a process of its own
 * (gateway/main.ts, subgraphs/serve.ts <name>) on one MongoDB-protocol store, trusting an issuer
 * the test runs. Each process's stdout is kept line by line, as its log collector would read it.
 * A test may pause (SIGSTOP), kill and restart any of them (test/e2e/faults.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/list.ts';
import { generateGatewayKeys } from '../../subgraphs/shared/wire/assertion.ts';
import { REPO_ROOT } from './mongo.ts';
import { unusedPort } from './ports.ts';

export type ServiceName = 'gateway' | SubgraphName;

export interface HubProcess {
  name: ServiceName;
  port: number;
  /** http://127.0.0.1:<port> */
  base: string;
  child: ChildProcess;
  /** stdout, line by line */
  stdout: string[];
  stderr: string[];
  /** stdout's JSON lines, parsed (the log) */
  log(): Record<string, any>[];
  /** resolves with its exit code (null when a signal ended it) once it has exited */
  exited: Promise<number | null>;
}

export interface ProcessHub {
  url: string;
  processes: Record<ServiceName, HubProcess>;
  /** starts a process again on its port, with its environment (after a kill), and waits until it is ready */
  restart(name: ServiceName): Promise<HubProcess>;
  stop(): Promise<void>;
}

function launch(name: ServiceName, args: string[], env: Record<string, string>, port: number): HubProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const lines = text.split('\n');
      rest = lines.pop()!;
      into.push(...lines.filter((l) => l !== ''));
    };
  };
  child.stdout!.on('data', collect(stdout));
  child.stderr!.on('data', collect(stderr));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exited,
    name,
    port,
    base: `http://127.0.0.1:${port}`,
    child,
    stdout,
    stderr,
    log: () => stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)),
  };
}

/** Waits, within a bound, until every process answers /readyz with 200. */
export async function allReady(processes: readonly HubProcess[], limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (const p of processes) {
    for (;;) {
      if (p.child.exitCode !== null) throw new Error(`${p.name} exited (${p.child.exitCode}): ${[...p.stderr, ...p.stdout].join('\n')}`);
      const ok = await fetch(`${p.base}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${p.name} not ready within ${limitMs} ms: ${[...p.stderr, ...p.stdout].join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function startProcessHub(options: { mongodbUri: string; issuer: string; env?: Record<string, string> }): Promise<ProcessHub> {
  const keys = await generateGatewayKeys();
  const common = {
    NODE_ENV: 'production',
    HUB_HOST: '127.0.0.1',
    MONGODB_URI: options.mongodbUri,
    HUB_TOKEN_ISSUERS: options.issuer,
    HUB_GATEWAY_JWKS: JSON.stringify(keys.jwks),
    APOLLO_TELEMETRY_DISABLED: '1',
    HUB_LINK_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const processes = {} as Record<ServiceName, HubProcess>;
  const launches = {} as Record<ServiceName, () => HubProcess>;
  const urls: Record<string, string> = {};
  for (const name of SUBGRAPH_NAMES) {
    const port = await unusedPort();
    launches[name] = () => launch(name, ['subgraphs/serve.ts', name], { ...common, [`${name.toUpperCase()}_PORT`]: String(port) }, port);
    processes[name] = launches[name]();
    urls[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  const gatewayPort = await unusedPort();
  launches.gateway = () =>
    launch('gateway', ['gateway/main.ts'], { ...common, ...urls, GATEWAY_PORT: String(gatewayPort), HUB_GATEWAY_SIGNING_KEY: JSON.stringify(keys.signing) }, gatewayPort);
  processes.gateway = launches.gateway();
  const all = Object.values(processes);
  try {
    await allReady(all, 90_000);
  } catch (err) {
    for (const p of all) p.child.kill('SIGKILL');
    throw err;
  }
  return {
    url: `${processes.gateway.base}/graphql`,
    processes,
    async restart(name) {
      const old = processes[name];
      if (old.child.exitCode === null && old.child.signalCode === null) throw new Error(`${name} is still running`);
      const p = launches[name]();
      all.push(p);
      processes[name] = p;
      await allReady([p], 60_000);
      return p;
    },
    async stop() {
      await Promise.all(
        all.map(async (p) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return;
          const exited = new Promise((resolve) => p.child.once('exit', resolve));
          p.child.kill('SIGTERM');
          const timer = setTimeout(() => p.child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}

/** A stack trace line, as a flood of them would show on an operator's terminal. */
export const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
