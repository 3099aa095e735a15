/**
 * Reads each field's fact class from its `@fact` directive in the subgraph SDL. A field without
 * a class, or a class without a matrix row, stops the subgraph from starting.
 */
import { Kind, type DocumentNode, type ConstDirectiveNode } from 'graphql';
import { FACT_CLASSES, FORMS, type FactClass, type Form } from './matrix.ts';

/** LISTING: the field's class is the class of the list its parent entry belongs to (a list entry's fields). */
export type DeclaredClass = FactClass | 'LISTING';

export interface FieldFact {
  type: string;
  field: string;
  cls: DeclaredClass;
  form: Form;
  /** names the subject finder (`Type#about`) when the field is about someone other than its object's subject */
  about?: string;
}


function stringArg(d: ConstDirectiveNode, name: string): string | undefined {
  const arg = d.arguments?.find((a) => a.name.value === name);
  return arg && arg.value.kind === Kind.STRING ? arg.value.value : undefined;
}

/** Federation's own types and fields, allowed explicitly rather than classed. */
export const FEDERATION_FIELDS = new Set(['Query._entities', 'Query._service', '_Service.sdl']);

export function readFieldFacts(typeDefs: DocumentNode): Map<string, FieldFact> {
  const facts = new Map<string, FieldFact>();
  const missing: string[] = [];
  const classes = new Set<string>([...FACT_CLASSES, 'LISTING']);
  const forms = new Set<string>(FORMS);
  for (const def of typeDefs.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of def.fields ?? []) {
      const key = `${def.name.value}.${field.name.value}`;
      const d = field.directives?.find((x) => x.name.value === 'fact');
      if (!d) {
        missing.push(key);
        continue;
      }
      const cls = stringArg(d, 'class');
      const form = stringArg(d, 'form') ?? 'FULL';
      if (!cls || !classes.has(cls)) throw new Error(`${key}: @fact class "${cls}" has no row in the access matrix`);
      if (!forms.has(form)) throw new Error(`${key}: @fact form "${form}" is not a known reduced form`);
      const about = stringArg(d, 'about');
      facts.set(key, { type: def.name.value, field: field.name.value, cls: cls as DeclaredClass, form: form as Form, ...(about ? { about } : {}) });
    }
  }
  if (missing.length) throw new Error(`fields without a fact class (add @fact to each): ${missing.join(', ')}`);
  return facts;
}
