/**
 * The static API reference: every type, field and argument of the composed API (the supergraph
 * without its federation machinery and @inaccessible parts), each field with its fact class and
 * form from the owning subgraph's `@fact`, and who may read it. The answer per purpose is asked of
 * the policy's own decision function over the access matrix, so the reference says what the
 * hub enforces.
 */
import {
  Kind,
  parse,
  print,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type NamedTypeNode,
  type TypeNode,
} from 'graphql';
import type { Purpose } from '../../subgraphs/shared/wire/purposes.ts';
import type { SubjectKind } from '../../subgraphs/shared/platform/ids.ts';
import { decide } from '../../subgraphs/shared/policy/decide.ts';
import { readFieldFacts } from '../../subgraphs/shared/policy/factDirective.ts';
import { cellAccess, CONSENT_PURPOSES, FACT_CLASSES, LIST_CLASSES, MATRIX, PURPOSES, type Access, type FactClass, type Form } from '../../subgraphs/shared/policy/matrix.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';
import type { AccessRow, Read, Reference, ReferenceArgument, ReferenceField, ReferenceType } from './referenceModel.ts';

const KINDS: readonly SubjectKind[] = ['PERSON', 'ORGANISATION'];
/** the two entities every fact hangs from; every other type's subjects follow from where it is reached */
const ENTITY_KINDS: Record<string, SubjectKind> = { Person: 'PERSON', Enterprise: 'ORGANISATION' };
const ROOTS = new Set(['Query', 'Mutation']);

const has = (directives: readonly { name: { value: string } }[] | undefined, name: string) => !!directives?.some((d) => d.name.value === name);
const namedType = (t: TypeNode): NamedTypeNode => (t.kind === Kind.NAMED_TYPE ? t : namedType(t.type));
const hidden = (name: string) => name.startsWith('join__') || name.startsWith('link__');

function cellText(access: Access): string {
  return typeof access === 'string' ? access : `M: ${access.M.join(', ')}`;
}

function viewerFor(purpose: Purpose): Viewer {
  return purpose === 'SELF_ACCESS'
    ? { kind: 'SUBJECT', subject: 'the subject', purpose: 'SELF_ACCESS' }
    : { kind: 'CLIENT', client: 'reference', clientKind: 'DEVELOPER', purpose };
}

/**
 * What a purpose's asker reads of this form of this class about a subject of this kind (its own
 * file, for SELF_ACCESS), and the matrix cell that decides it: the purpose's own, or the one the
 * policy applies instead (a person's own token on an organisation reads as the public).
 */
function cellOf(purpose: Purpose, kind: SubjectKind, cls: FactClass, form: Form): { cell: string; read: Read } {
  const subject = { code: 'the subject', kind };
  const consented = decide(viewerFor(purpose), subject, cls, form, { state: 'VALID' });
  const cell = cellText(cellAccess(cls, consented.column, kind));
  const read: Read = decide(viewerFor(purpose), subject, cls, form, { state: 'NONE' }).allowed ? 'yes' : consented.allowed ? 'consent' : 'no';
  return { cell: consented.column === purpose ? cell : `as ${consented.column}: ${cell}`, read };
}

function row(subject: AccessRow['subject'], kind: SubjectKind, cls: FactClass, form: Form, lists?: string[]): AccessRow {
  const cells = Object.fromEntries(PURPOSES.map((p) => [p, cellOf(p, kind, cls, form)])) as AccessRow['cells'];
  return { subject, cls, ...(lists ? { lists } : {}), cells };
}

const sameCells = (a: AccessRow, b: AccessRow) => JSON.stringify(a.cells) === JSON.stringify(b.cells);

function argument(a: InputValueDefinitionNode): ReferenceArgument {
  return {
    name: a.name.value,
    type: print(a.type),
    description: a.description?.value ?? '',
    ...(a.defaultValue ? { defaultValue: print(a.defaultValue) } : {}),
  };
}

export function buildReference(supergraphSdl: string, subgraphSdls: Record<string, string>): Reference {
  // the owning subgraph's class wins over the REFERENCE class other subgraphs give a key field
  const facts = new Map<string, { cls: string; form: Form; about?: string; subgraph: string }>();
  for (const [subgraph, sdl] of Object.entries(subgraphSdls)) {
    for (const [key, f] of readFieldFacts(parse(sdl))) {
      const known = facts.get(key);
      if (!known || (known.cls === 'REFERENCE' && f.cls !== 'REFERENCE')) {
        facts.set(key, { cls: f.cls, form: f.form, ...(f.about ? { about: f.about } : {}), subgraph });
      }
    }
  }

  const doc = parse(supergraphSdl);
  const objects = new Map<string, readonly FieldDefinitionNode[]>();
  for (const def of doc.definitions) {
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION && !has(def.directives, 'inaccessible')) {
      objects.set(def.name.value, (def.fields ?? []).filter((f) => !has(f.directives, 'inaccessible')));
    }
  }

  // Which kinds of subject a type's facts can be about: a root reaches both, an entity is its
  // own kind, and any other type inherits the kinds of the types that reach it.
  const subjects = new Map<string, Set<SubjectKind>>();
  for (const name of objects.keys()) subjects.set(name, new Set(ROOTS.has(name) ? KINDS : ENTITY_KINDS[name] ? [ENTITY_KINDS[name]] : []));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [parent, fields] of objects) {
      for (const f of fields) {
        const child = namedType(f.type).name.value;
        if (!objects.has(child) || ENTITY_KINDS[child] || ROOTS.has(child)) continue;
        const into = subjects.get(child)!;
        for (const k of subjects.get(parent)!) {
          if (!into.has(k)) {
            into.add(k);
            changed = true;
          }
        }
      }
    }
  }

  const accessOf = (parent: string, f: FieldDefinitionNode): AccessRow[] => {
    const fact = facts.get(`${parent}.${f.name.value}`);
    if (!fact) return [];
    const target = namedType(f.type).name.value;
    // a field declared `about` another subject is decided on that subject
    const kinds = fact.about && ENTITY_KINDS[target] ? [ENTITY_KINDS[target]] : KINDS.filter((k) => subjects.get(parent)?.has(k) ?? true);
    const classes: { cls: FactClass; lists?: string[] }[] =
      fact.cls === 'LISTING'
        ? FACT_CLASSES.filter((c) => Object.values(LIST_CLASSES).includes(c as never)).map((cls) => ({
            cls,
            lists: Object.entries(LIST_CLASSES)
              .filter(([, c]) => c === cls)
              .map(([list]) => list),
          }))
        : [{ cls: fact.cls as FactClass }];
    return classes.flatMap(({ cls, lists }) => {
      const rows = (kinds.length ? kinds : KINDS).map((k) => row(k, k, cls, fact.form, lists));
      return rows.length === 2 && sameCells(rows[0]!, rows[1]!) ? [{ ...rows[0]!, subject: 'ANY' as const }] : rows;
    });
  };

  const types: ReferenceType[] = [];
  for (const def of doc.definitions) {
    if (!('name' in def) || !def.name || hidden(def.name.value)) continue;
    if ('directives' in def && has(def.directives, 'inaccessible')) continue;
    const name = def.name.value;
    const description = ('description' in def && def.description?.value) || '';
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION: {
        const fields: ReferenceField[] = (objects.get(name) ?? def.fields ?? []).map((f) => {
          const fact = facts.get(`${name}.${f.name.value}`);
          return {
            name: f.name.value,
            type: print(f.type),
            description: f.description?.value ?? '',
            args: (f.arguments ?? []).filter((a) => !has(a.directives, 'inaccessible')).map(argument),
            ...(fact ? { fact } : {}),
            access: accessOf(name, f),
          };
        });
        const kinds = subjects.get(name);
        types.push({
          name,
          kind: def.kind === Kind.OBJECT_TYPE_DEFINITION ? 'object' : 'interface',
          description,
          ...(kinds && !ROOTS.has(name) ? { subjects: KINDS.filter((k) => kinds.has(k)) } : {}),
          fields,
        });
        break;
      }
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        types.push({
          name,
          kind: 'input',
          description,
          fields: (def.fields ?? []).filter((f) => !has(f.directives, 'inaccessible')).map((f) => ({ ...argument(f), args: [], access: [] })),
        });
        break;
      case Kind.ENUM_TYPE_DEFINITION:
        types.push({
          name,
          kind: 'enum',
          description,
          fields: [],
          values: (def.values ?? []).filter((v) => !has(v.directives, 'inaccessible')).map((v) => ({ name: v.name.value, description: v.description?.value ?? '' })),
        });
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
        types.push({ name, kind: 'scalar', description, fields: [] });
        break;
      case Kind.UNION_TYPE_DEFINITION:
        types.push({ name, kind: 'union', description: [description, `One of: ${(def.types ?? []).map((t) => t.name.value).join(', ')}.`].filter(Boolean).join(' '), fields: [] });
        break;
      default:
        break;
    }
  }
  const order = (t: ReferenceType) => (t.name === 'Query' ? 0 : t.name === 'Mutation' ? 1 : 2);
  types.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));

  return {
    purposes: [...PURPOSES],
    consentPurposes: PURPOSES.filter((p) => CONSENT_PURPOSES.has(p)),
    matrix: FACT_CLASSES.map((cls) => ({
      cls,
      cells: Object.fromEntries(
        PURPOSES.map((p) => {
          const cell = MATRIX[cls][p];
          const text =
            typeof cell === 'object' && 'person' in cell ? `persons ${cellText(cell.person)}; organisations ${cellText(cell.organisation)}` : cellText(cell);
          return [p, text];
        }),
      ) as Reference['matrix'][number]['cells'],
    })),
    types,
  };
}
