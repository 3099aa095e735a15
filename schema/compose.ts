/**
 * Composes schema/supergraph.graphql at build time from the subgraph SDL files listed in
 * schema/supergraph.yaml. With --check it fails when the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import YAML from 'yaml';

interface SupergraphConfig {
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

const here = new URL('./', import.meta.url);
export const SUPERGRAPH_FILE = new URL('supergraph.graphql', here);

export function composeSupergraph(): string {
  const config = YAML.parse(readFileSync(new URL('supergraph.yaml', here), 'utf8')) as SupergraphConfig;
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
