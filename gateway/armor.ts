/**
 * Limits against abusive queries, by GraphQL Armor: depth, aliases and directives. Tuned so the
 * README's real queries pass (a 1,000-code batch passed as a variable, fields from all five
 * subgraphs) with room to spare. Field suggestions ("did you mean") are blocked unless the
 * configuration allows them (development, where introspection shows the schema anyway).
 *
 * Two of armor's limits are done elsewhere: the token limit by graphql-js's own parser
 * (`parseOptions.maxTokens`; armor's parses in a hook whose failures Apollo Server answers with
 * 500), and the cost by gateway/cost.ts, which multiplies by the lists an operation asks for
 * (armor's counts a list of 1,000 codes as one).
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';

export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 4000,
} as const;

export function armor({ fieldSuggestions }: { fieldSuggestions: boolean }) {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, exposeLimits: true },
    maxAliases: { n: LIMITS.maxAliases, exposeLimits: true },
    maxDirectives: { n: LIMITS.maxDirectives, exposeLimits: true },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !fieldSuggestions },
  }).protect();
}
