/**
 * Denials are reported once per field of the query, not once per object: a 1,000-applicant
 * report must not carry thousands of identical errors. Subgraphs collapse their own errors but
 * keep one real path (the gateway needs it to map `_entities` paths back into the query);
 * the gateway collapses again across fetches and leaves the list indices out.
 */
import type { GraphQLFormattedError } from 'graphql';

const normalise = (path: readonly (string | number)[]) => path.filter((p) => typeof p === 'string').join('.');

export function collapseDenials(errors: readonly GraphQLFormattedError[], leaveIndicesOut: boolean): GraphQLFormattedError[] {
  const out: GraphQLFormattedError[] = [];
  const groups = new Map<string, { error: GraphQLFormattedError; count: number; reasons: Record<string, number> }>();
  for (const e of errors) {
    if (e.extensions?.code !== 'FORBIDDEN' || !e.path) {
      out.push(e);
      continue;
    }
    const key = `${normalise(e.path)}|${String(e.extensions.field ?? '')}`;
    const count = typeof e.extensions.count === 'number' ? e.extensions.count : 1;
    const reasons = (e.extensions.reasons as Record<string, number> | undefined) ?? { [String(e.extensions.reason)]: count };
    const g = groups.get(key);
    if (!g) {
      const group = { error: e, count, reasons: { ...reasons } };
      groups.set(key, group);
      out.push(e);
      continue;
    }
    g.count += count;
    for (const [r, n] of Object.entries(reasons)) g.reasons[r] = (g.reasons[r] ?? 0) + n;
  }
  return out.map((e) => {
    if (e.extensions?.code !== 'FORBIDDEN' || !e.path) return e;
    const g = groups.get(`${normalise(e.path)}|${String(e.extensions.field ?? '')}`)!;
    const dominant = Object.entries(g.reasons).sort((a, b) => b[1] - a[1])[0]![0];
    return {
      message: e.message,
      path: leaveIndicesOut ? e.path.filter((p) => typeof p === 'string') : e.path,
      extensions: { ...e.extensions, reason: dominant, reasons: g.reasons, count: g.count },
    };
  });
}
