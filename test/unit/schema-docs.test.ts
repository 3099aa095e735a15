/**
 * A developer learns the domain from the schema docs: every type, field, argument, enum value
 * and input field of every subgraph carries a description.
 */
import { Kind, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/index.ts';

function undocumented(doc: DocumentNode): string[] {
  const missing: string[] = [];
  for (const def of doc.definitions) {
    if (!('name' in def) || !def.name) continue;
    const type = def.name.value;
    if (def.kind === Kind.SCALAR_TYPE_DEFINITION) continue;
    if ('description' in def && !def.description) missing.push(type);
    if ('fields' in def) {
      for (const f of def.fields ?? []) {
        if (!f.description) missing.push(`${type}.${f.name.value}`);
        if ('arguments' in f) for (const a of f.arguments ?? []) if (!a.description) missing.push(`${type}.${f.name.value}(${a.name.value})`);
      }
    }
    if ('values' in def) for (const v of def.values ?? []) if (!v.description) missing.push(`${type}.${v.name.value}`);
  }
  return missing;
}

describe('schema documentation', () => {
  it.each(Object.values(SUBGRAPHS).map((m) => [m.name, m] as const))('%s: everything is described', (_, module) => {
    expect(undocumented(module.typeDefs)).toEqual([]);
  });
});
