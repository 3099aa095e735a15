/**
 * Authorization is data: every field of every object type declares its fact class next to the
 * field, every class has a row, every field a rule can deny is nullable, and one cell of the
 * table is the only change needed to change who sees what.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isNonNullType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';
import { FEDERATION_FIELDS, readFieldFacts } from '../../subgraphs/shared/policy/factDirective.ts';
import { FACT_CLASSES, MATRIX, PURPOSES, type Access } from '../../subgraphs/shared/policy/matrix.ts';
import { generateShield } from '../../subgraphs/shared/policy/guards.ts';
import type { Store } from '../../subgraphs/shared/platform/store/port.ts';
import { seededEmbeddedStore } from '../support/hub.ts';
import { inProcess, viewers } from '../support/subgraph.ts';

const modules = Object.values(SUBGRAPHS);

describe('every field declares its fact class', () => {
  it.each(modules.map((m) => [m.name, m] as const))('%s: each field of each object type has @fact with a known class and form', (_, module) => {
    const facts = readFieldFacts(module.typeDefs);
    const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers as never }]);
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.keys(type.getFields())) {
        const key = `${type.name}.${field}`;
        if (FEDERATION_FIELDS.has(key)) continue;
        expect(facts.has(key), `${module.name}: ${key} has no @fact`).toBe(true);
      }
    }
  });

  it('fails to start a subgraph with an unclassed field', () => {
    const sdl = 'type Query { a: String @fact(class: "REFERENCE") b: String }';
    expect(() => readFieldFacts(parseSdl(sdl))).toThrow(/fields without a fact class.*Query\.b/);
  });

  it('fails on a class with no row in the matrix', () => {
    expect(() => readFieldFacts(parseSdl('type Query { a: String @fact(class: "HOROSCOPE") }'))).toThrow(/no row in the access matrix/);
  });

  it('has a full row, one cell per purpose, for every class', () => {
    for (const cls of FACT_CLASSES) expect(Object.keys(MATRIX[cls]).sort(), cls).toEqual([...PURPOSES].sort());
  });
});

describe('a denied field is null, never a vanished parent', () => {
  it.each(modules.map((m) => [m.name, m] as const))('%s: every field a rule can deny is nullable', (_, module) => {
    const facts = readFieldFacts(module.typeDefs);
    const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers as never }]);
    for (const fact of facts.values()) {
      const canDeny = fact.cls === 'LISTING' || Object.values(MATRIX[fact.cls]).some((c) => c !== 'A');
      if (!canDeny) continue;
      const type = schema.getType(fact.type);
      if (!isObjectType(type)) continue;
      expect(isNonNullType(type.getFields()[fact.field]!.type), `${fact.type}.${fact.field}`).toBe(false);
    }
  });
});

describe('the shield is generated from the table', () => {
  it('guards exactly the fields whose class can deny, and allows federation fields explicitly', () => {
    const module = SUBGRAPHS.persons;
    const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers as never }]);
    const { ruleTree, guards } = generateShield(schema, readFieldFacts(module.typeDefs), module.subjects);
    expect(Object.keys(ruleTree.Query!)).toEqual(expect.arrayContaining(['_entities', '_service', 'person', 'persons']));
    expect(Object.keys(guards.Person!).sort()).toEqual(
      ['address', 'birthDate', 'consents', 'creditBand', 'creditScore', 'creditScoreReasons', 'financialDefaults', 'gender', 'maskedId', 'name', 'objections', 'occupations', 'phone', 'queryRecords', 'repairRequests'].sort(),
    );
    expect(guards.Query).toBeUndefined();
  });
});

describe('changing one cell changes who sees what', () => {
  let store: Store;
  let persons: Awaited<ReturnType<typeof inProcess>>;
  const saved: Access = MATRIX.CONTACT.LOAN_UNDERWRITING as Access;
  beforeAll(async () => {
    store = await seededEmbeddedStore({ persons: 10, enterprises: 5, merchants: 5, couriers: 5, listEntries: 5 });
    persons = await inProcess(SUBGRAPHS.persons, store);
  });
  afterAll(async () => {
    (MATRIX.CONTACT as Record<string, unknown>).LOAN_UNDERWRITING = saved;
    await persons.stop();
  });

  it('opens contact details to lenders when the cell says A, and closes them again', async () => {
    const query = /* GraphQL */ '{ person(creditCode: "320106197805123519") { phone } }';
    expect((await persons.run(viewers.bank, query)).data.person.phone).toBeNull();
    (MATRIX.CONTACT as Record<string, unknown>).LOAN_UNDERWRITING = 'A';
    expect((await persons.run(viewers.bank, query)).data.person.phone).toBe('13951786420');
    (MATRIX.CONTACT as Record<string, unknown>).LOAN_UNDERWRITING = 'D';
    expect((await persons.run(viewers.bank, query)).data.person.phone).toBeNull();
  });
});

import { parse } from 'graphql';
function parseSdl(sdl: string) {
  return parse(sdl);
}
