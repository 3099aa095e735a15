/**
 * What is withheld stays unknowable (domain.md section 5, "Information flow"), generated rather
 * than hand-picked. For every kind of asker, the suite takes pairs of subjects that differ only in
 * what that asker may not know — a file against no file, a hidden fact of one class against none,
 * a hidden list entry against a missing ref — asks every root field of the API about each, with
 * every field it can select, and asserts that the answers are byte-identical once the subjects'
 * own identifiers are replaced. The pairs come from the access matrix (through each asker's view);
 * the queries come from the schema, so a new field or root field is covered without anyone adding
 * it, and a root field whose arguments the suite cannot bind fails the suite instead of being skipped.
 * The same holds one tier down, for `_entities` on the subgraphs, and for mutations' answers.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askerViewer } from '../support/askers.ts';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { ACTIONS, mayCall, type ActionName, type ActionRule } from '../../subgraphs/shared/policy/actions.ts';
import { needsConsent, type ConsentState } from '../../subgraphs/shared/policy/decide.ts';
import { FORMS, type Form } from '../../subgraphs/shared/policy/matrix.ts';
import { SubjectView } from '../../subgraphs/shared/policy/view.ts';
import showcase from '../fixtures/showcase.json' with { type: 'json' };
import { startTestHub, type TestHub } from '../support/hub.ts';
import { inProcess } from '../support/subgraph.ts';
import { plantTwins, TWIN_CLASSES, TWIN_NAME, type Twin, type TwinClass, type TwinSet } from '../support/twins.ts';

/** Another person's own token: on a twin's file it is the public. */
const OTHER_SUBJECT = '320106197805123519';
/** and an issuing authority, whose PUBLICATION column opens nothing beyond the public's */
const AUTHORITY = 'tax-jiangsu-inspection';
const ASKERS = [...showcase.clients.map((c) => c.id), AUTHORITY, OTHER_SUBJECT];
const MISSING_REF = '测无此号〔2026〕0号';
/** shops are public: root fields keyed by a shop get one, the same for both members */
const SHOP = showcase.merchants[0]!.id;
/** object types below a root field's type that the generated selections reach */
const DEPTH = 4;

let t: TestHub;
let api: GraphQLSchema;
let sets: { consented: TwinSet; plain: TwinSet };

beforeAll(async () => {
  t = await startTestHub();
  // the sweep asks thousands of questions a minute per asker: the rate limits (test/supergraph/limits.test.ts)
  // are not under test here, and a 429 would make a comparison vacuous
  const clients = await t.store.collection('clients').find({});
  await t.store.collection('clients').upsertMany(clients.map((c) => ({ ...c, limits: { requestsPerMinute: 1_000_000, subjectsPerDay: 100_000_000 } })));
  sets = await plantTwins(t.store);
  const introspection = await t.query<IntrospectionQuery>('regulator-jiangsu-credit', getIntrospectionQuery());
  api = buildClientSchema(introspection.data!);
}, 60_000);
afterAll(() => t?.stop());

// ---------- the pairs, from the matrix through each asker's view ----------

interface Pair {
  label: string;
  asker: string;
  a: Twin;
  b: Twin;
}

/** The forms in which a class twin's planted facts could show: a role shows only as the full identity link. */
const revealing = (cls: TwinClass): readonly Form[] => (cls === 'IDENTITY' ? ['FULL'] : FORMS);

function viewOf(asker: string, set: TwinSet): SubjectView {
  const viewer = askerViewer(asker);
  const consent: ConsentState = set.consented && needsConsent(viewer, { code: '', kind: 'PERSON' }) ? { state: 'VALID' } : { state: 'NONE' };
  return new SubjectView(viewer, 'PERSON', false, consent);
}

function pairs(): Pair[] {
  const out: Pair[] = [];
  for (const asker of ASKERS) {
    const consentMatters = needsConsent(askerViewer(asker), { code: '', kind: 'PERSON' });
    // an asker whose column needs no consent sees both sets alike: one set is enough
    for (const set of consentMatters ? [sets.plain, sets.consented] : [sets.plain]) {
      const view = viewOf(asker, set);
      const which = set.consented ? 'consented' : 'no consent';
      if (!view.knows()) {
        out.push({ label: `${asker} (${which}): a full file against no file`, asker, a: set.full, b: set.nobody });
        out.push({ label: `${asker} (${which}): an empty file against no file`, asker, a: set.base, b: set.nobody });
      }
      for (const cls of TWIN_CLASSES) {
        if (revealing(cls).some((form) => view.allows(cls, form))) continue;
        out.push({ label: `${asker} (${which}): a hidden ${cls} fact against none`, asker, a: set.byClass[cls], b: set.base });
      }
    }
  }
  return out;
}

// ---------- the questions, from the schema ----------

function selection(type: GraphQLNamedType, depth: number): string {
  return selections(type, depth).join(' ');
}

/** One selection per field of the type, each as deep as DEPTH allows. */
function selections(type: GraphQLNamedType, depth: number): string[] {
  if (!isObjectType(type)) return [];
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined));
  const parts: string[] = [];
  for (const f of fields) {
    const named = getNamedType(f.type);
    if (isLeafType(named)) parts.push(f.name);
    else if (depth < DEPTH) {
      const inner = selection(named, depth + 1);
      if (inner) parts.push(/* GraphQL */ `${f.name} { ${inner} }`);
    }
  }
  return parts;
}

/**
 * The root field's question in as few operations as the gateway's limits (cost, tokens) let
 * through: all its fields at once, halved until each part is accepted, so that no comparison is
 * made of two refusals.
 */
async function questionsFor(field: GraphQLField<unknown, unknown>, probe: Twin): Promise<string[]> {
  const parts = selections(getNamedType(field.type), 1);
  if (parts.length === 0) return [operation('query', field, '')];
  const out: string[] = [];
  const fit = async (chunk: string[]): Promise<void> => {
    const query = operation('query', field, chunk.join(' '));
    const res = await t.query('regulator-jiangsu-credit', query, bind(`Query.${field.name}`, field.args, probe));
    // armor's limits (depth, aliases) are validation errors; the gateway's cost limit says its reason
    const limited = (res.errors ?? []).some((e) => (e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && /limit/i.test(e.message)) || e.extensions?.reason === 'QUERY_COST');
    if (!limited) out.push(query);
    else if (chunk.length > 1) {
      await fit(chunk.slice(0, chunk.length >> 1));
      await fit(chunk.slice(chunk.length >> 1));
    } else throw new Error(`information-flow suite: ${field.name} { ${chunk[0]!.slice(0, 80)}… } alone exceeds the gateway's limits; lower DEPTH`);
  };
  await fit(parts);
  return out;
}

/** The argument values that ask about one member of a pair; throws for an argument it cannot bind. */
function bind(where: string, args: readonly GraphQLArgument[], member: Twin): Record<string, unknown> {
  const birthDate = `${member.code.slice(6, 10)}-${member.code.slice(10, 12)}-${member.code.slice(12, 14)}`;
  const entryRef = member.refs.find((r) => /〔2026〕/.test(r)) ?? MISSING_REF;
  const values: Record<string, unknown> = {};
  for (const a of args) {
    const value = (
      {
        creditCode: member.code,
        creditCodes: [member.code],
        ref: entryRef,
        factRef: member.refs[0] ?? MISSING_REF,
        id: SHOP,
        subjects: [{ name: TWIN_NAME, creditCode: member.code, birthDate }],
        reason: '信息有误',
        statement: '已履行',
        name: TWIN_NAME,
        sourceDocument: '测试文书〔2026〕1号',
        performedAt: '2026-11-20',
      } as Record<string, unknown>
    )[a.name];
    if (value !== undefined) values[a.name] = value;
    else if (isNonNullType(a.type) && a.defaultValue === undefined) throw new Error(`information-flow suite: no binding for the argument ${where}(${a.name}); teach bind() how to ask it about a subject`);
  }
  return values;
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, selectionSet: string): string {
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = field.args.length ? `(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  return /* GraphQL */ `${kind} Probe${vars ? `(${vars})` : ''} { ${field.name}${call}${selectionSet ? /* GraphQL */ ` { ${selectionSet} }` : ''} }`;
}

/** The answer with the member's own identifiers replaced, and the request id left out. */
function normalised(body: unknown, member: Twin): string {
  const { status, data, errors, extensions } = body as { status: number; data?: unknown; errors?: unknown; extensions?: Record<string, unknown> };
  const { requestId: _requestId, ...ext } = extensions ?? {};
  let text = JSON.stringify({ status, data, errors, extensions: ext });
  for (const id of [member.code, member.masked, ...member.refs, MISSING_REF].sort((x, y) => y.length - x.length)) text = text.split(id).join('<ID>');
  return text;
}

const refusedInput = (r: any) => r.errors?.length > 0 && r.errors.every((e: any) => e.extensions?.code === 'BAD_USER_INPUT');
const formatProblems = (r: any) => r.errors.every((e: any) => typeof e.extensions.problem === 'string');

// ---------- the suites ----------

describe('every root field answers a pair of subjects the asker may not tell apart the same way', () => {
  it('has pairs for every asker but the regulator, and every class a twin can hold', () => {
    const all = pairs();
    for (const asker of ASKERS.filter((a) => a !== 'regulator-jiangsu-credit')) expect(all.some((p) => p.asker === asker), asker).toBe(true);
    for (const cls of TWIN_CLASSES) expect(all.some((p) => p.label.includes(` ${cls} `)), cls).toBe(true);
    expect(all.some((p) => p.asker === 'regulator-jiangsu-credit')).toBe(false);
  });

  it('for each pair, each root field, each field it can select', async () => {
    const roots = Object.values(api.getQueryType()!.getFields()).filter((f) => !f.name.startsWith('__'));
    const questions: { field: GraphQLField<unknown, unknown>; query: string }[] = [];
    for (const field of roots) for (const query of await questionsFor(field, sets.plain.full)) questions.push({ field, query });
    let compared = 0;
    // the regulator's tools (policy/actions.ts) answer every other asker FORBIDDEN: compared, but not data-bearing
    let open = 0;
    let answeredWithData = 0;
    for (const pair of pairs()) {
      for (const q of questions) {
        const [ra, rb] = await Promise.all([pair.a, pair.b].map((m) => t.query(pair.asker, q.query, bind(`Query.${q.field.name}`, q.field.args, m))));
        // a refused question (limits, validation) would make the comparison vacuous
        for (const r of [ra!, rb!]) {
          const codes = (r.errors ?? []).map((e) => e.extensions?.code);
          expect(codes.filter((c) => !['FORBIDDEN', 'BAD_USER_INPUT'].includes(String(c))), `${pair.label}: ${q.field.name}: ${JSON.stringify(r.errors)}`).toEqual([]);
        }
        if (refusedInput(ra) || refusedInput(rb)) {
          // a field keyed by another kind of code (an organisation's) refuses a person's code by
          // its format alone, which depends on the digits the asker typed, not on any file
          for (const r of [ra, rb]) if (refusedInput(r)) expect(formatProblems(r), `${pair.label}: Query.${q.field.name}`).toBe(true);
          continue;
        }
        expect(normalised(ra, pair.a), `${pair.label}: Query.${q.field.name}`).toBe(normalised(rb, pair.b));
        compared++;
        const action = ACTIONS[q.field.name as ActionName] as ActionRule | undefined;
        if (action && !mayCall(askerViewer(pair.asker), action)) continue;
        open++;
        if (ra!.data?.[q.field.name] !== null && ra!.data?.[q.field.name] !== undefined) answeredWithData++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    // the stand-in answers with an object, not null: most comparisons carry data to compare
    expect(answeredWithData).toBeGreaterThan(open / 2);
  }, 240_000);

  it("and every mutation's answer about another subject's fact, file or consent, the same for a hidden one as for none", async () => {
    const mutations = Object.values(api.getMutationType()!.getFields());
    let compared = 0;
    for (const pair of pairs()) {
      for (const m of mutations) {
        let args: [Record<string, unknown>, Record<string, unknown>];
        try {
          args = [bind(`Mutation.${m.name}`, m.args, pair.a), bind(`Mutation.${m.name}`, m.args, pair.b)];
        } catch {
          continue; // a mutation about no subject the pair names (grantConsent takes a client and a purpose)
        }
        const query = operation('mutation', m, selection(getNamedType(m.type), 2));
        const [ra, rb] = await Promise.all([0, 1].map((i) => t.query(pair.asker, query, args[i])));
        expect(ra!.data?.[m.name] ?? null, `${pair.label}: ${m.name} must be refused`).toBeNull();
        expect(normalised(ra, pair.a), `${pair.label}: Mutation.${m.name}`).toBe(normalised(rb, pair.b));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  }, 120_000);
});

describe('one tier down: `_entities` on each subgraph answers the pairs the same way', () => {
  it('for every entity type keyed by a person or a list entry, with every field the subgraph resolves', async () => {
    let compared = 0;
    for (const [name, module] of Object.entries(SUBGRAPHS)) {
      const sub = await inProcess(module, t.store);
      try {
        const schema = sub.built.schema;
        const entityTypes = ['Person', 'SanctionEntry'].filter((n) => isObjectType(schema.getType(n)));
        for (const typeName of entityTypes) {
          const inner = selection(schema.getType(typeName)!, 1);
          const query = /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typeName} { ${inner} } } }`;
          for (const pair of pairs()) {
            const viewer = askerViewer(pair.asker);
            const rep = (m: Twin) => (typeName === 'Person' ? { __typename: 'Person', creditCode: m.code } : { __typename: 'SanctionEntry', ref: m.refs.find((r) => /〔2026〕/.test(r)) ?? MISSING_REF });
            const [ra, rb] = await Promise.all([pair.a, pair.b].map((m) => sub.run(viewer, query, { r: [rep(m)] })));
            const strip = (r: any, m: Twin) => normalised({ status: 200, data: r.data, errors: r.errors, extensions: { ...r.extensions, audit: undefined, consents: undefined } }, m);
            expect(strip(ra, pair.a), `${pair.label}: ${name} _entities ${typeName}`).toBe(strip(rb, pair.b));
            compared++;
          }
        }
      } finally {
        await sub.stop();
      }
    }
    expect(compared).toBeGreaterThan(50);
  }, 120_000);
});
