/**
 * Writes schema/supergraph.yaml from the one list of subgraphs (subgraphs/list.ts), and composes
 * schema/supergraph.graphql at build time from the SDL files it lists. With --check it fails when
 * either committed file differs, or a subgraph's copy of the common block drifts.
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse, print, type DefinitionNode } from 'graphql';
import YAML from 'yaml';
import { SUBGRAPH_LIST } from '../subgraphs/list.ts';

export interface SupergraphConfig {
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

const here = new URL('./', import.meta.url);
export const SUPERGRAPH_FILE = new URL('supergraph.graphql', here);
export const CONFIG_FILE = new URL('supergraph.yaml', here);

/** schema/supergraph.yaml as the list says it: Rover-compatible, at the composition version the hub composes with. */
export function supergraphYaml(): string {
  const { version } = createRequire(import.meta.url)('@apollo/composition/package.json') as { version: string };
  const subgraphs = SUBGRAPH_LIST.map(
    (s) => `  ${s.name}:\n    routing_url: http://localhost:${s.port}/graphql\n    schema:\n      file: ../subgraphs/${s.name}/schema.graphql\n`,
  );
  return [
    '# Written by `npm run compose` from subgraphs/list.ts: do not edit.',
    '# Rover-compatible supergraph config: `rover supergraph compose --config schema/supergraph.yaml`',
    '# gives the same supergraph as `npm run compose`. The routing URLs are defaults only: the gateway',
    '# maps each subgraph name to the URL of its environment (PERSONS_URL, ...).',
    `federation_version: =${version}`,
    'subgraphs:',
    ...subgraphs.map((x) => x.trimEnd()),
    '',
  ].join('\n');
}

const COMMON = new URL('../subgraphs/shared/schema/common.graphql', import.meta.url);

const nameOf = (d: DefinitionNode) => ('name' in d && d.name ? `${d.kind}:${d.name.value}` : undefined);

/**
 * The drifts from the one sources: the subgraphs schema/supergraph.yaml lists against
 * subgraphs/list.ts, and each subgraph's copy of a common declaration against
 * subgraphs/shared/schema/common.graphql.
 */
export function drifts(config: SupergraphConfig = readConfig()): string[] {
  const problems: string[] = [];
  const listed = Object.entries(config.subgraphs).map(([name, s]) => `${name} ${s.routing_url}`);
  const expected = SUBGRAPH_LIST.map((s) => `${s.name} http://localhost:${s.port}/graphql`);
  if (listed.join() !== expected.join()) problems.push(`schema/supergraph.yaml lists ${listed.join(', ')}; subgraphs/list.ts says ${expected.join(', ')} (npm run compose writes it)`);
  const common = new Map(parse(readFileSync(COMMON, 'utf8')).definitions.map((d) => [nameOf(d), print(d)]));
  for (const [name, s] of Object.entries(config.subgraphs)) {
    for (const d of parse(readFileSync(new URL(s.schema.file, here), 'utf8')).definitions) {
      const canonical = common.get(nameOf(d));
      if (canonical !== undefined && print(d) !== canonical) problems.push(`${name}/schema.graphql: its ${nameOf(d)!.split(':')[1]} differs from subgraphs/shared/schema/common.graphql`);
    }
  }
  return problems;
}

function readConfig(): SupergraphConfig {
  return YAML.parse(readFileSync(CONFIG_FILE, 'utf8')) as SupergraphConfig;
}

export function composeSupergraph(config: SupergraphConfig = readConfig()): string {
  const problems = drifts(config);
  if (problems.length) throw new Error(`the sources disagree:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  const services = Object.entries(config.subgraphs).map(([name, s]) => ({
    name,
    url: s.routing_url,
    typeDefs: parse(readFileSync(new URL(s.schema.file, here), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  try {
    const yaml = supergraphYaml();
    const sdl = composeSupergraph(YAML.parse(yaml) as SupergraphConfig);
    const current = (file: URL) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return ''; // a missing file is a difference like any other
      }
    };
    if (process.argv.includes('--check')) {
      const stale = [[CONFIG_FILE, yaml] as const, [SUPERGRAPH_FILE, sdl] as const].filter(([file, text]) => current(file) !== text);
      if (stale.length) {
        console.error(`${stale.map(([f]) => `schema/${f.pathname.split('/').pop()}`).join(' and ')} out of date: run \`npm run compose\` and commit the result.`);
        process.exit(1);
      }
      console.log('schema/supergraph.yaml and schema/supergraph.graphql match subgraphs/list.ts and the subgraph schemas.');
    } else {
      writeFileSync(CONFIG_FILE, yaml);
      writeFileSync(SUPERGRAPH_FILE, sdl);
      console.log('wrote schema/supergraph.yaml and schema/supergraph.graphql');
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
