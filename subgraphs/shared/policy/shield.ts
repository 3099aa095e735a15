/**
 * graphql-shield rules generated from the access matrix and the `@fact` declarations: one rule
 * per (class, form), cached by shield per subject, so each field is decided once per request and
 * subject rather than once per object. Only fields whose rule can deny get a middleware.
 */
import { GraphQLError, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield } from 'graphql-shield';

type ShieldRule = ReturnType<ReturnType<typeof rule>> | typeof allow;
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { forbidden, serviceUnavailable } from '../errors.ts';
import { StoreError } from '../store/port.ts';
import type { SubjectKind } from '../documents.ts';
import type { Subject } from './decide.ts';
import { FEDERATION_FIELDS, type FieldFact } from './facts.ts';
import { LIST_CLASSES, MATRIX, type FactClass, type Form } from './matrix.ts';
import type { RequestPolicy } from './runtime.ts';

/** How to find the subject of an object of each type (entities, facts, wrappers). */
export type SubjectMap = Record<string, (parent: any) => Subject | null>;

export interface PolicyContext {
  policy: RequestPolicy;
}

function classOf(fact: FieldFact, parent: any): FactClass | undefined {
  if (fact.cls !== 'LISTING') return fact.cls;
  return LIST_CLASSES[parent?.list as keyof typeof LIST_CLASSES];
}

/** Every REFERENCE cell allows in full: such fields need no rule at all. */
function alwaysAllowed(fact: FieldFact): boolean {
  return fact.cls !== 'LISTING' && Object.values(MATRIX[fact.cls]).every((c) => c === 'A');
}

export interface GeneratedShield {
  /** the shield rule tree generated from the matrix, for inspection and tests */
  ruleTree: Record<string, Record<string, ShieldRule>>;
  /** shield's middleware, restricted to the fields whose rule can deny */
  middleware: IMiddlewareTypeMap;
}

export function generateShield(schema: GraphQLSchema, facts: Map<string, FieldFact>, subjects: SubjectMap): GeneratedShield {
  const subjectOf = (fact: FieldFact, parent: any): Subject | null => {
    if (fact.about) {
      const code = parent?.[fact.about];
      if (typeof code !== 'string') return null;
      const kind = (parent[`${fact.about}Kind`] as SubjectKind | undefined) ?? 'PERSON';
      return { code, kind };
    }
    const find = subjects[fact.type];
    if (!find) throw new Error(`no subject resolver for type ${fact.type}`);
    return find(parent);
  };
  const factOf = (info: GraphQLResolveInfo): FieldFact => facts.get(`${info.parentType.name}.${info.fieldName}`)!;

  const rules = new Map<string, ShieldRule>();
  const ruleFor = (fact: FieldFact): ShieldRule => {
    const name = `fact:${fact.cls}:${fact.form}`;
    let r = rules.get(name);
    if (r) return r;
    r = rule(name, {
      cache: (parent: any, _args: any, _ctx: any, info: GraphQLResolveInfo) => {
        const f = factOf(info);
        return `${classOf(f, parent)}|${subjectOf(f, parent)?.code}`;
      },
    })(async (parent: any, _args: any, ctx: PolicyContext, info: GraphQLResolveInfo) => {
      const f = factOf(info);
      const cls = classOf(f, parent);
      const subject = subjectOf(f, parent);
      if (!cls || !subject) return false;
      try {
        return (await ctx.policy.decide(subject, cls, f.form)).allowed;
      } catch (err) {
        // A failed consent lookup is an outage, not a denial: report it as one.
        if (err instanceof StoreError && err.kind === 'UNAVAILABLE') return serviceUnavailable();
        return err instanceof GraphQLError ? err : new GraphQLError('consent check failed', { originalError: err as Error });
      }
    });
    rules.set(name, r);
    return r;
  };

  const ruleTree: Record<string, Record<string, ShieldRule>> = {
    Query: { _entities: allow, _service: allow },
    _Service: { sdl: allow },
  };
  const guarded: Record<string, Set<string>> = {};
  for (const fact of facts.values()) {
    const key = `${fact.type}.${fact.field}`;
    if (FEDERATION_FIELDS.has(key)) continue;
    const tree = (ruleTree[fact.type] ??= {});
    if (alwaysAllowed(fact)) {
      tree[fact.field] = allow;
    } else {
      tree[fact.field] = ruleFor(fact);
      (guarded[fact.type] ??= new Set()).add(fact.field);
    }
  }

  const fallbackError = (err: unknown, parent: any, _args: any, shieldCtx: unknown, info: GraphQLResolveInfo) => {
    const ctx = shieldCtx as PolicyContext;
    if (err) return err instanceof Error ? err : new Error(String(err));
    const f = facts.get(`${info.parentType.name}.${info.fieldName}`);
    const cls = f && classOf(f, parent);
    const subject = f && subjectOf(f, parent);
    const field = `${info.parentType.name}.${info.fieldName}`;
    const purpose = ctx.policy.viewer.purpose;
    if (!f || !cls || !subject) return forbidden(`${field} is withheld.`, { field, purpose, reason: 'PURPOSE', count: 1 });
    const reason = ctx.policy.decided(subject, cls, f.form)?.reason ?? 'PURPOSE';
    ctx.policy.noteWithheld(subject, field, cls, reason);
    return forbidden(denialMessage(field, cls, purpose, reason), { field, class: cls, purpose, reason, count: 1 });
  };

  const generated = shield(ruleTree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError,
  }).generate(schema) as IMiddlewareTypeMap;

  const middleware: IMiddlewareTypeMap = {};
  for (const [type, fields] of Object.entries(guarded)) {
    const all = generated[type] as Record<string, unknown>;
    middleware[type] = Object.fromEntries([...fields].map((f) => [f, all[f]])) as never;
  }
  return { ruleTree, middleware };
}

export function denialMessage(field: string, cls: FactClass, purpose: string, reason: string): string {
  const what = cls.toLowerCase().replace(/_/g, ' ');
  switch (reason) {
    case 'NO_CONSENT':
      return `${field} is withheld: ${purpose} needs the subject's consent to your client for ${what} facts, and there is none.`;
    case 'CONSENT_EXPIRED':
      return `${field} is withheld: the subject's consent to your client for ${purpose} has expired; ask the subject to renew it.`;
    default:
      return `${field} is withheld: the purpose ${purpose} does not allow ${what} facts in this form.`;
  }
}

export { deny };
