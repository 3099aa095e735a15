/**
 * What an operation costs the hub, in fields resolved: every field counts one, and a list counts
 * its items. A list's length is what the operation asks for — the codes it passes
 * (`persons(creditCodes:)` with 1,000 codes costs about 1,000 times one person), the subjects it
 * screens, the `limit` it sets — and, for lists whose length the asker does not choose (a person's
 * enterprise roles, a shop's complaints), an assumed ASSUMED_LIST_LENGTH. Variables count as
 * passed: the cost is computed after they are coerced (graphql-query-complexity).
 *
 * The gateway refuses an operation above HUB_MAX_QUERY_COST, and weighs what each client has in
 * flight by it (gateway/limits.ts).
 */
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { getNullableType, GraphQLError, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';

/** the length assumed for a list whose length the operation does not set */
export const ASSUMED_LIST_LENGTH = 10;

/** How many items a list field's arguments ask for, if they say. */
function askedLength(args: Record<string, unknown>): number | undefined {
  let listed: number | undefined;
  for (const value of Object.values(args)) if (Array.isArray(value)) listed = (listed ?? 0) + value.length;
  if (listed !== undefined) return listed;
  for (const name of ['limit', 'first', 'last']) {
    const n = args[name];
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) return n;
  }
  return undefined;
}

const listEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!isListType(getNullableType(field.type))) return undefined;
  const n = askedLength(args) ?? ASSUMED_LIST_LENGTH;
  return 1 + n * Math.max(childComplexity, 1);
};

const ESTIMATORS = [listEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** The cost of the named operation of a validated document, with its variables. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> = {}): number {
  return getComplexity({ schema, query: document, variables, ...(operationName ? { operationName } : {}), estimators: ESTIMATORS, maxQueryNodes: 100_000 });
}

export function tooCostly(cost: number, max: number): GraphQLError {
  return new GraphQLError(
    `This operation costs ${cost.toLocaleString('en')}; at most ${max.toLocaleString('en')} is allowed. Every field counts one and a list counts each item (the codes passed, or ${ASSUMED_LIST_LENGTH} for a list of unknown length): ask for fewer fields or fewer subjects, or split the request.`,
    { extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_COST', cost, max, http: { status: 400 } } },
  );
}
