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

/** The subgraph's schema and resolvers run for a viewer given directly: who asks is not under test here. */
export async function inProcess(module: SubgraphModule<any>, store: Store) {
  const config = loadConfig({});
  const identity = subgraphIdentity(config, store, [], (await generateGatewayKeys()).jwks);
  const built = await createSubgraph(module, { store, clock: fixedClock(TODAY), config, identity, factLocators: FACT_LOCATORS });
  return {
    built,
    async run(viewer: Viewer, query: string, variables?: Record<string, unknown>) {
      const res = await built.server.executeOperation({ query, variables }, { contextValue: built.contextForViewer(viewer, 'test-request') });
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      return res.body.singleResult as { data?: any; errors?: any[]; extensions?: any };
    },
    stop: () => built.server.stop(),
  };
}
