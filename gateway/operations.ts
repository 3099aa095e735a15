/**
 * What the gateway checks of an operation once it is parsed and validated, before any subgraph is
 * asked, in this order — each a client's mistake or limit, answered with a 4xx status as the
 * GraphQL-over-HTTP specification says, never 500:
 *  1. it names an operation the document holds (400 OPERATION_RESOLUTION_FAILURE);
 *  2. it is a query or a mutation (400: the hub serves no subscriptions);
 *  3. it is on the allow-list, when there is one (400 PERSISTED_QUERY_NOT_IN_LIST);
 *  4. it asks about at most 1,000 subjects in all (400 BAD_USER_INPUT, gateway/budget.ts);
 *  5. its cost, lists multiplied, is within HUB_MAX_QUERY_COST (400 QUERY_TOO_COMPLEX, gateway/cost.ts);
 *  6. the client's cost in flight and subjects a day allow it (429 RATE_LIMITED, gateway/limits.ts).
 * One hook does them in turn, so that an operation refused for an earlier reason never counts
 * against a later limit. Parse errors, validation errors and a mutation over GET are refused by
 * Apollo Server itself (400, 400, 405).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { notInList, type AllowList } from './allowList.ts';
import { overBudget, subjectsNamed } from './budget.ts';
import { operationCost, tooCostly } from './cost.ts';
import type { GatewayContext } from './dataSource.ts';
import type { ClientLimits } from './limits.ts';

const refuse = (message: string, code: string): GraphQLError => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

export interface OperationPolicy {
  maxCost: number;
  allowList: AllowList | undefined;
  limits: ClientLimits;
}

export function operationPolicy({ maxCost, allowList, limits }: OperationPolicy): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async didResolveOperation({ operation, request, document, schema, queryHash, contextValue }) {
          if (!operation) {
            throw request.operationName
              ? refuse(`The document holds no operation named "${request.operationName.slice(0, 100)}": send one of its operations' names as operationName.`, 'OPERATION_RESOLUTION_FAILURE')
              : refuse('The document holds several operations: name the one to run in operationName.', 'OPERATION_RESOLUTION_FAILURE');
          }
          if (operation.operation === 'subscription') throw refuse('This hub serves queries and mutations only: subscriptions are not supported.', 'BAD_REQUEST');
          // checked before parsing too (gateway/index.ts): this is the same rule on the text that was parsed
          if (allowList && !allowList.has(queryHash)) throw notInList(queryHash);
          const variables = request.variables ?? {};
          const refusal = overBudget(document, operation, variables);
          if (refusal) throw refusal;
          let cost: number;
          try {
            cost = operationCost(schema, document, request.operationName ?? undefined, variables);
          } catch (err) {
            if (err instanceof GraphQLError) throw refuse(err.message, 'BAD_USER_INPUT');
            throw err;
          }
          if (cost > maxCost) throw tooCostly(cost, maxCost);
          release = await limits.admitOperation(contextValue.viewer, { cost, subjects: subjectsNamed(document, operation, variables) });
        },
        async willSendResponse() {
          release?.();
          release = undefined;
        },
      };
    },
  };
}
