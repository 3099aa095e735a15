/**
 * The one list of subgraphs, in the order the gateway composes them, each with its default port.
 * Configuration (ports, URLs), composition, code generation, the launchers and the test harness
 * derive from it; `subgraphs/index.ts` maps each name to its module, and the checks fail when
 * schema/supergraph.yaml or docker-compose.yml disagree with it.
 */
export const SUBGRAPH_LIST = [
  { name: 'persons', port: 4001 },
  { name: 'enterprises', port: 4002 },
  { name: 'ecommerce', port: 4003 },
  { name: 'couriers', port: 4004 },
  { name: 'sanctions', port: 4005 },
] as const;

export type SubgraphName = (typeof SUBGRAPH_LIST)[number]['name'];

export const SUBGRAPH_NAMES: readonly SubgraphName[] = SUBGRAPH_LIST.map((s) => s.name);
