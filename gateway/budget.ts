/**
 * One request, one budget: at most MAX_BATCH subjects per request, however they are asked. Every
 * list an operation passes as an argument counts — fifteen aliases of a 1,000-code batch ask about
 * 15,000 subjects, not 1,000 — and an over-budget request is refused before any subgraph is asked.
 * Each subgraph keeps the same budget for the fields it resolves (subgraphs/shared/platform/inputs.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, valueFromASTUntyped, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { MAX_BATCH } from '../subgraphs/shared/platform/inputs.ts';

/** The total length of the list arguments an operation passes, counting every field each time it is asked. */
export function listedSubjects(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  let total = 0;
  const visit = (set: SelectionSetNode, depth: number) => {
    // fragments cannot cycle in a validated document; the depth bound keeps a malformed one finite
    if (depth > 64) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        for (const arg of sel.arguments ?? []) {
          const value = valueFromASTUntyped(arg.value, variables);
          if (Array.isArray(value)) total += value.length;
        }
        if (sel.selectionSet) visit(sel.selectionSet, depth + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.selectionSet, depth + 1);
      } else {
        const frag = fragments.get(sel.name.value);
        if (frag) visit(frag, depth + 1);
      }
    }
  };
  visit(operation.selectionSet, 0);
  return total;
}

export function subjectBudget<C extends object>(max = MAX_BATCH): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const asked = listedSubjects(document, operation, request.variables ?? {});
          if (asked > max) {
            throw new GraphQLError(
              `This request asks about ${asked} subjects in all; at most ${max} are allowed per request, however they are asked (aliases and repeated fields count together). Split the request.`,
              { extensions: { code: 'BAD_USER_INPUT', max, asked, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
