/**
 * Explanations of what was withheld (domain.md section 5, "Explanations follow the question").
 *
 * A subgraph reports every denied field of every object as its own FORBIDDEN error, on the path of
 * that field. The gateway maps those paths into the client's query (as it maps any `_entities`
 * error) and turns them into the answer's explanations:
 * - `extensions.withheld`: one entry per object of the answer, named by its path and, for a root
 *   field's subject, by the code the asker itself gave — never by anything the asker could not
 *   otherwise read, so two applicants of a batch can never merge;
 * - the errors: one FORBIDDEN error per field of the query (a 1,000-applicant report must not carry
 *   thousands of identical errors), with how many objects it hit and why, in a message that names
 *   the real reasons.
 * Both depend only on the query, the asker and its view: which fields were asked, on which
 * objects, and the reasons the view gives; never on whether a hidden fact exists.
 */
import { Kind, valueFromASTUntyped, type DocumentNode, type FieldNode, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export type Path = readonly (string | number)[];

export interface WithheldField {
  field: string;
  class: string;
  reason: string;
}

export interface WithheldEntry {
  /** the object's path in the answer */
  path: (string | number)[];
  /** the code the asker gave for this object, when it is a root field's subject */
  subject?: string;
  fields: WithheldField[];
}

const REASON_PHRASES: Record<string, (purpose: string, what: string) => string> = {
  PURPOSE: (purpose, what) => `the purpose ${purpose} does not allow ${what} facts in this form`,
  NO_CONSENT: (purpose, what) => `${purpose} needs the subject's consent to your client for ${what} facts, and there is none`,
  CONSENT_EXPIRED: (purpose) => `the subject's consent to your client for ${purpose} has expired; ask the subject to renew it`,
};

const phrase = (reason: string, purpose: string, cls: string) =>
  (REASON_PHRASES[reason] ?? REASON_PHRASES.PURPOSE!)(purpose, cls.toLowerCase().replace(/_/g, ' '));

/** The message of a denial: the reason it was withheld, in words the asker can act on. */
export function denialMessage(field: string, cls: string, purpose: string, reason: string): string {
  return `${field} is withheld: ${phrase(reason, purpose, cls)}.`;
}

/** The message of one field's denials across many objects: every reason, with how many objects it applies to. */
export function collapsedDenialMessage(field: string, cls: string, purpose: string, reasons: Record<string, number>): string {
  const entries = Object.entries(reasons).filter(([, n]) => n > 0);
  if (entries.length === 1) return denialMessage(field, cls, purpose, entries[0]![0]);
  const total = entries.reduce((n, [, k]) => n + k, 0);
  const parts = entries.sort((a, b) => b[1] - a[1]).map(([r, n]) => `for ${n}, ${phrase(r, purpose, cls)}`);
  return `${field} is withheld from ${total} objects: ${parts.join('; ')}.`;
}

const isFieldDenial = (e: GraphQLFormattedError) => e.extensions?.code === 'FORBIDDEN' && !!e.path && typeof e.extensions.field === 'string';

/**
 * The codes the asker gave for the subjects of root fields: a root field with a single argument
 * names its object (`person(creditCode: …)` at [alias]) or each of its list's objects
 * (`persons(creditCodes: […])` at [alias, i]).
 */
export function askedCodes(document: DocumentNode | undefined, operation: OperationDefinitionNode | undefined, variables: Record<string, unknown> | undefined): (path: Path) => string | undefined {
  const byAlias = new Map<string, unknown>();
  if (operation) {
    const fragments = new Map<string, SelectionSetNode>();
    for (const d of document?.definitions ?? []) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
    const seen = new Set<string>();
    const visit = (set: SelectionSetNode) => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          const f = sel as FieldNode;
          if (f.arguments?.length === 1) byAlias.set(f.alias?.value ?? f.name.value, valueFromASTUntyped(f.arguments[0]!.value, variables ?? {}));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
        else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
          seen.add(sel.name.value);
          const frag = fragments.get(sel.name.value);
          if (frag) visit(frag);
        }
      }
    };
    visit(operation.selectionSet);
  }
  return (path) => {
    const value = typeof path[0] === 'string' ? byAlias.get(path[0]) : undefined;
    if (path.length === 1 && typeof value === 'string') return value;
    if (path.length === 2 && typeof path[1] === 'number' && Array.isArray(value) && typeof value[path[1]] === 'string') return value[path[1]] as string;
    return undefined;
  };
}

/**
 * The client's errors and `extensions.withheld` from the errors the subgraphs reported, their
 * paths already in the client's query. Other errors pass through untouched.
 */
export function explainDenials(errors: readonly GraphQLFormattedError[], codeAt: (path: Path) => string | undefined = () => undefined): { errors: GraphQLFormattedError[]; withheld: WithheldEntry[] } {
  const out: GraphQLFormattedError[] = [];
  const entries = new Map<string, WithheldEntry>();
  const groups = new Map<string, { first: GraphQLFormattedError; count: number; reasons: Record<string, number> }>();
  for (const e of errors) {
    if (!isFieldDenial(e)) {
      out.push(e);
      continue;
    }
    const ext = e.extensions!;
    const objectPath = e.path!.slice(0, -1);
    const key = JSON.stringify(objectPath);
    let entry = entries.get(key);
    if (!entry) {
      const subject = codeAt(objectPath);
      entries.set(key, (entry = { path: objectPath, ...(subject ? { subject } : {}), fields: [] }));
    }
    const field: WithheldField = { field: String(ext.field), class: String(ext.class ?? ''), reason: String(ext.reason ?? 'PURPOSE') };
    if (!entry.fields.some((f) => f.field === field.field && f.class === field.class)) entry.fields.push(field);
    // one error per field of the query: list indices left out
    const fieldKey = `${e.path!.filter((p) => typeof p === 'string').join('.')}|${field.field}`;
    const count = typeof ext.count === 'number' ? ext.count : 1;
    const reasons = (ext.reasons as Record<string, number> | undefined) ?? { [field.reason]: count };
    const g = groups.get(fieldKey);
    if (!g) {
      groups.set(fieldKey, { first: e, count, reasons: { ...reasons } });
      out.push(e);
      continue;
    }
    g.count += count;
    for (const [r, n] of Object.entries(reasons)) g.reasons[r] = (g.reasons[r] ?? 0) + n;
  }
  // Subgraphs answer in whatever order their fetches finish: the explanations are put in an order
  // of their own (by path, then field), so that the same question always reads the same.
  const ordered = [...out.filter((e) => !isFieldDenial(e)), ...out.filter(isFieldDenial).sort((a, b) => byPath(a.path!, b.path!) || String(a.extensions!.field).localeCompare(String(b.extensions!.field)))];
  for (const entry of entries.values()) entry.fields.sort((a, b) => a.field.localeCompare(b.field) || a.class.localeCompare(b.class));
  const collapsed = ordered.map((e) => {
    if (!isFieldDenial(e)) return e;
    const ext = e.extensions!;
    const g = groups.get(`${e.path!.filter((p) => typeof p === 'string').join('.')}|${String(ext.field)}`)!;
    const dominant = Object.entries(g.reasons).sort((a, b) => b[1] - a[1])[0]![0];
    const purpose = String(ext.purpose ?? '');
    const cls = String(ext.class ?? '');
    return {
      message: collapsedDenialMessage(String(ext.field), cls, purpose, g.reasons),
      path: e.path!.filter((p) => typeof p === 'string'),
      extensions: { ...ext, reason: dominant, reasons: g.reasons, count: g.count },
    };
  });
  return { errors: collapsed, withheld: [...entries.values()].sort((a, b) => byPath(a.path, b.path)) };
}

/** Paths in answer order: element by element, list indices as numbers. */
function byPath(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return a.length - b.length;
}
