/**
 * Limits against abusive queries, by GraphQL Armor. Tuned so the README's real queries pass
 * (a 1,000-code batch passed as a variable, fields from all five subgraphs) with room to spare.
 * Field suggestions ("did you mean") are blocked unless the configuration allows them
 * (development, where introspection shows the schema anyway).
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';

export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 4000,
  maxCost: 2000,
} as const;

export function armor({ fieldSuggestions }: { fieldSuggestions: boolean }) {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, exposeLimits: true },
    maxAliases: { n: LIMITS.maxAliases, exposeLimits: true },
    maxDirectives: { n: LIMITS.maxDirectives, exposeLimits: true },
    maxTokens: { n: LIMITS.maxTokens, exposeLimits: true },
    costLimit: { maxCost: LIMITS.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, exposeLimits: true },
    blockFieldSuggestion: { enabled: !fieldSuggestions },
  }).protect();
}
