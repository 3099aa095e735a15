/**
 * The field guards: graphql-shield rules generated from the access matrix and the `@fact`
 * declarations, one rule per field. A rule asks the asker's view of the field's subject, where
 * each (class, form) is decided once per view (policy/view.ts): that is the only memo. Only fields
 * whose rule can deny get a guard; federation's own fields are allowed explicitly.
 */
import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { createRequire } from 'node:module';
import type * as GraphQLShield from 'graphql-shield';
import { forbidden, serviceUnavailable } from '../platform/errors.ts';
import { StoreError } from '../platform/store/port.ts';
import type { Decision, Subject } from './decide.ts';
import { denialMessage } from '../wire/explanations.ts';
import { FEDERATION_FIELDS, type FieldFact } from './factDirective.ts';
import { decisionKey, LIST_CLASSES, MATRIX, type FactClass } from './matrix.ts';
import type { RequestPolicy } from './requestPolicy.ts';

/**
 * graphql-shield's CommonJS build, not its ESM one: 7.6.5 (the last release) imports `isUndefined`
 * from 'util' in its ESM build, and Node 23 removed that export, so the import fails to link on
 * Node 24. The CommonJS build reads `util.isUndefined` only when a chain() or race() rule runs, and
 * the generated tree has neither (rule, allow and deny only), so it runs unchanged on Node 20 and 24.
 */
const { allow, deny, rule, shield } = createRequire(import.meta.url)('graphql-shield') as typeof GraphQLShield;

type ShieldRule = ReturnType<ReturnType<typeof rule>> | typeof allow;

/**
 * How to find the subject of an object of each type (entities, facts, wrappers), and under
 * `Type#about` the subject of the fields declared `@fact(about: "about")` on that type.
 */
export type SubjectMap = Record<string, (parent: any) => Subject | null>;

export interface PolicyContext {
  policy: RequestPolicy;
}

/** A failed consent lookup is an outage, not a denial: report it as one. */
function outage(err: unknown): Error {
  if (err instanceof StoreError && err.kind === 'UNAVAILABLE') return serviceUnavailable();
  return err instanceof Error ? err : new GraphQLError('consent check failed');
}

const allowedOf = (d: Decision) => d.allowed;

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
  /** the fields whose rule can deny, by type, each with its rule and shield's middleware */
  guards: Record<string, Record<string, FieldGuard>>;
}

type RuleFn = (parent: any, args: any, ctx: PolicyContext, info: GraphQLResolveInfo) => boolean | Error | Promise<boolean | Error>;
type FieldMiddleware = (resolve: GraphQLFieldResolver<any, any>, parent: any, args: any, ctx: any, info: GraphQLResolveInfo) => unknown;

/** One guarded field. */
export interface FieldGuard {
  /** the generated shield rule's function: synchronous once the subject's consent is known */
  verdict: RuleFn;
  /** shield's middleware for the field, which awaits the rule */
  viaShield: FieldMiddleware;
  /** shield's fallbackError: the FORBIDDEN error of a denied field */
  deny: (err: unknown, parent: any, args: any, ctx: unknown, info: GraphQLResolveInfo) => Error;
}

export function generateShield(schema: GraphQLSchema, facts: Map<string, FieldFact>, subjects: SubjectMap): GeneratedShield {
  /**
   * How to find the subject of one field's object: by its type, or for a field that is about
   * someone else (`@fact(about: "x")`: a link to a person, a shop's own facts) by the finder the
   * subgraph declares as `Type#x`. A missing finder stops the subgraph from starting.
   */
  const subjectFinder = (fact: FieldFact): ((parent: any) => Subject | null) => {
    const name = fact.about ? `${fact.type}#${fact.about}` : fact.type;
    const find = subjects[name];
    if (!find) throw new Error(`${fact.type}.${fact.field}: no subject finder "${name}" in the subgraph's subjects`);
    return find;
  };
  const subjectOf = (fact: FieldFact, parent: any): Subject | null => subjectFinder(fact)(parent);

  /**
   * The decision itself, specialised per field: synchronous once the subject's consent is known
   * (it is loaded once per subject per request), so most objects are decided without a promise.
   */
  const decideField = (fact: FieldFact): RuleFn => {
    const fixedCls = fact.cls === 'LISTING' ? undefined : fact.cls;
    const form = fact.form;
    // the memo key of a field with a fixed class is fixed
    const fixedKey = fixedCls && decisionKey(fixedCls, form);
    const find = subjectFinder(fact);
    return (parent, _args, ctx) => {
      const cls = fixedCls ?? classOf(fact, parent);
      const subject = find(parent);
      if (!cls || !subject) return false;
      try {
        const d = ctx.policy.decide(subject, cls, form, fixedKey ?? decisionKey(cls, form));
        // a decision, or the promise of one while the subject's consent loads
        return d instanceof Promise ? d.then(allowedOf, outage) : d.allowed;
      } catch (err) {
        return outage(err);
      }
    };
  };

  const rules = new Map<string, ShieldRule>();
  const ruleFns = new Map<string, RuleFn>();
  const ruleFor = (fact: FieldFact): ShieldRule => {
    const key = `${fact.type}.${fact.field}`;
    let r = rules.get(key);
    if (r) return r;
    const fn = decideField(fact);
    // no cache of shield's own: decisions are memoised once per view (policy/view.ts)
    r = rule(`fact:${key}:${fact.cls}:${fact.form}`, { cache: 'no_cache' })(fn);
    rules.set(key, r);
    ruleFns.set(key, fn);
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
    ctx.policy.noteDenied(subject, field);
    return forbidden(denialMessage(field, cls, purpose, reason), { field, class: cls, purpose, reason, count: 1 });
  };

  const generated = shield(ruleTree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError,
  }).generate(schema) as IMiddlewareTypeMap;

  /**
   * Shield's own middleware makes every guarded field a promise on every object. In front of it
   * sits a synchronous path that asks the same rule function first: when the rule can answer at
   * once (the subject's consent is known), its answer is applied directly; only when it cannot
   * does the call go through shield's middleware, which awaits the rule. Either way the shield
   * rule generated from the matrix is the only source of the decision.
   */
  const guards: Record<string, Record<string, FieldGuard>> = {};
  for (const [type, fields] of Object.entries(guarded)) {
    const viaShield = generated[type] as Record<string, FieldMiddleware>;
    guards[type] = Object.fromEntries(
      [...fields].map((field) => [field, { verdict: ruleFns.get(`${type}.${field}`)!, viaShield: viaShield[field]!, deny: fallbackError }]),
    );
  }
  return { ruleTree, guards };
}

/**
 * Puts each guard in front of its field's resolver, in place, as one function: the rule's verdict,
 * then the resolver, the FORBIDDEN error, or shield's middleware when the verdict must wait.
 * graphql-middleware's applicator would do the same through a closure allocated on every call;
 * on a 100-person answer that is thousands of allocations for nothing.
 */
export function applyFieldGuards(schema: GraphQLSchema, guards: Record<string, Record<string, FieldGuard>>): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(guards)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`cannot guard ${typeName}: not an object type`);
    for (const [fieldName, { verdict, viaShield, deny }] of Object.entries(fields)) {
      const field = type.getFields()[fieldName];
      if (!field) throw new Error(`cannot guard ${typeName}.${fieldName}: no such field`);
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, ctx, info) => {
        const v = verdict(parent, args, ctx, info);
        if (v === true) return resolve(parent, args, ctx, info);
        if (v === false) return deny(null, parent, args, ctx, info);
        if (v instanceof Error) return v;
        return viaShield(resolve, parent, args, ctx, info);
      };
    }
  }
  return schema;
}
