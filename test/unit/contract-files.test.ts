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
  const compose = YAML.parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { image?: string; command?: string[]; ports?: string[]; environment?: Record<string, string>; healthcheck?: { test: string[] }; depends_on?: Record<string, { condition: string }> }>;
  };
  const services = compose.services;

  it('runs mongo:7, a one-shot seed job, the five subgraphs and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['couriers', 'ecommerce', 'enterprises', 'gateway', 'mongo', 'persons', 'sanctions', 'seed']);
    expect(services.mongo!.image).toBe('mongo:7');
    expect(services.seed!.command).toEqual(['node', '--import', 'tsx', 'test/fixtures/seed/cli.ts']);
    for (const sub of SUBGRAPH_NAMES) expect(services[sub]!.command).toEqual(['node', '--import', 'tsx', 'subgraphs/serve.ts', sub]);
  });

  it('starts every service with an entry point that exists, and health-checks the long-running ones', () => {
    for (const [name, s] of Object.entries(services)) {
      if (name === 'mongo') continue;
      const entry = s.command!.find((a) => a.endsWith('.ts'))!;
      expect(existsSync(new URL(entry, root)), `${name}: ${entry}`).toBe(true);
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

  it('publishes only the gateway port', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([n]) => n)).toEqual(['gateway']);
    expect(services.gateway!.ports).toEqual(['4000:4000']);
  });

  it('points every service at MongoDB and the gateway at each subgraph by service name', () => {
    for (const [name, s] of Object.entries(services)) if (name !== 'mongo') expect(s.environment!.MONGODB_URI, name).toBe('mongodb://mongo:27017/credithub');
    for (const sub of ['persons', 'enterprises', 'ecommerce', 'couriers', 'sanctions']) {
      expect(services.gateway!.environment![`${sub.toUpperCase()}_URL`]).toMatch(new RegExp(`^http://${sub}:\\d+/graphql$`));
    }
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
