/** Runs one subgraph in-process, without HTTP: the first test tier. */
import { fixedClock } from '../../subgraphs/shared/platform/clock.ts';
import { loadConfig } from '../../subgraphs/shared/platform/config.ts';
import { createSubgraph, type SubgraphModule } from '../../subgraphs/shared/platform/createSubgraph.ts';
import { generateGatewayKeys } from '../../subgraphs/shared/wire/assertion.ts';
import { subgraphIdentity } from '../../subgraphs/shared/wire/identity.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import { FACT_LOCATORS } from '../../subgraphs/index.ts';
import { TODAY } from './today.ts';

export const viewers = {
  regulator: { kind: 'CLIENT', client: 'regulator-jiangsu-credit', clientKind: 'REGULATOR', purpose: 'SUPERVISION' },
  bank: { kind: 'CLIENT', client: 'bank-jinling', clientKind: 'BANK', purpose: 'LOAN_UNDERWRITING' },
  employer: { kind: 'CLIENT', client: 'employer-suzhou-hr', clientKind: 'EMPLOYER', purpose: 'EMPLOYMENT_SCREENING' },
  platform: { kind: 'CLIENT', client: 'platform-yunji', clientKind: 'PLATFORM', purpose: 'MERCHANT_ONBOARDING' },
  developer: { kind: 'CLIENT', client: 'developer-sandbox', clientKind: 'DEVELOPER', purpose: 'PUBLIC' },
  self: (subject: string): Viewer => ({ kind: 'SUBJECT', subject, purpose: 'SELF_ACCESS' }),
} as const satisfies Record<string, Viewer | ((s: string) => Viewer)>;

/** What the sanctions subgraph counts for a person's score when nothing of it is under test: nothing. */
export const NO_SCORE_FACTORS = { courtListed: 0, taxListed: 0, penalties: 0, seriousPenalties: 0, measuresViaOrganisations: 0, honours: 0, closed: [] };

const SCORE_FIELD = /\b(creditScore|creditBand|creditScoreReasons)\b/;
const PERSON_ROOT = /\bperson\(creditCode:\s*(\$c|"([^"]+)")\)\s*\{/;

/**
 * A persons-subgraph query that reads a score, asked the way the gateway asks it: the score
 * `@requires` the sanctions subgraph's `scoreFactors`, which the gateway fetches first and hands
 * to the persons subgraph with the person's representation (`_entities`). A test of the persons
 * subgraph alone gives them itself (none, by default). The answer is mapped back to `person`.
 */
export function asTheGatewayAsksTheScore(query: string, variables: Record<string, unknown> = {}, factors: object = NO_SCORE_FACTORS) {
  const root = PERSON_ROOT.exec(query);
  if (!root || !SCORE_FIELD.test(query)) return undefined;
  // the person's selection set ends at its matching brace
  let depth = 0;
  let end = root.index + root[0].length - 1;
  for (; end < query.length; end++) {
    if (query[end] === '{') depth++;
    else if (query[end] === '}' && --depth === 0) break;
  }
  const code = root[2] ?? (variables.c as string);
  const rewritten =
    query.slice(0, root.index) + '_entities(representations: $__reps) { ... on Person {' + query.slice(root.index + root[0].length, end + 1) + ' }' + query.slice(end + 1);
  const { c: _c, ...rest } = variables;
  const header = root[1] === '$c' ? rewritten.replace(/\$c:\s*ID!/, '$__reps: [_Any!]!') : rewritten.replace(/^(\s*query\b[^{(]*)(\{)/, '$1($__reps: [_Any!]!) $2');
  return {
    query: header,
    variables: { ...rest, __reps: [{ __typename: 'Person', creditCode: code, scoreFactors: factors }] },
    /** the answer as `person(creditCode:)` gives it */
    answer<R extends { data?: any; errors?: any[] }>(res: R): R {
      const data = res.data && { ...res.data, person: res.data._entities?.[0] ?? null };
      if (data) delete data._entities;
      const errors = res.errors?.map((e) => (e.path?.[0] === '_entities' ? { ...e, path: ['person', ...e.path.slice(2)] } : e));
      return { ...res, ...(data ? { data } : {}), ...(errors ? { errors } : {}) };
    },
  };
}

/** The subgraph's schema and resolvers run for a viewer given directly: who asks is not under test here. */
export async function inProcess(module: SubgraphModule<any>, store: Store) {
  const config = loadConfig({});
  const identity = subgraphIdentity(config, store, [], (await generateGatewayKeys()).jwks);
  const built = await createSubgraph(module, { store, clock: fixedClock(TODAY), config, identity, factLocators: FACT_LOCATORS });
  return {
    built,
    async run(viewer: Viewer, query: string, variables?: Record<string, unknown>) {
      const scored = module.name === 'persons' ? asTheGatewayAsksTheScore(query, variables) : undefined;
      const res = await built.server.executeOperation(scored ?? { query, variables }, { contextValue: built.contextForViewer(viewer, 'test-request') });
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      const result = res.body.singleResult as { data?: any; errors?: any[]; extensions?: any };
      return scored ? scored.answer(result) : result;
    },
    stop: () => built.server.stop(),
  };
}
