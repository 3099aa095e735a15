/**
 * Composes schema/supergraph.graphql at build time from the subgraph SDL files listed in
 * schema/supergraph.yaml. With --check it fails when the committed file differs.
 */
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
  if (listed.join() !== expected.join()) problems.push(`schema/supergraph.yaml lists ${listed.join(', ')}; subgraphs/list.ts says ${expected.join(', ')}`);
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
  return YAML.parse(readFileSync(new URL('supergraph.yaml', here), 'utf8')) as SupergraphConfig;
}

export function composeSupergraph(): string {
  const config = readConfig();
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
    const sdl = composeSupergraph();
    if (process.argv.includes('--check')) {
      let current = '';
      try {
        current = readFileSync(SUPERGRAPH_FILE, 'utf8');
      } catch {
        // a missing file is a difference like any other
      }
      if (current !== sdl) {
        console.error('schema/supergraph.graphql is out of date: run `npm run compose` and commit the result.');
        process.exit(1);
      }
      console.log('schema/supergraph.graphql matches the subgraph schemas.');
    } else {
      writeFileSync(SUPERGRAPH_FILE, sdl);
      console.log('wrote schema/supergraph.graphql');
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
