/**
 * The API reference, generated from the composed supergraph, the subgraphs' @fact classes and
 * the access matrix: complete, and saying what the policy enforces.
 */
import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildReference } from '../../gateway/dev/reference.ts';
import type { AccessRow, ReferenceField } from '../../gateway/dev/referenceModel.ts';
import { renderReferencePage } from '../../gateway/dev/referencePage.ts';
import { SUBGRAPH_NAMES } from '../../subgraphs/shared/platform/config.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const supergraph = read('schema/supergraph.graphql');
const ref = buildReference(supergraph, Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, read(`subgraphs/${n}/schema.graphql`)])));
const field = (key: string): ReferenceField => {
  const [type, name] = key.split('.');
  const f = ref.types.find((t) => t.name === type)?.fields.find((x) => x.name === name);
  if (!f) throw new Error(`${key} is not in the reference`);
  return f;
};
const reads = (row: AccessRow) => Object.fromEntries(Object.entries(row.cells).map(([p, c]) => [p, c.read]));

describe('the API reference', () => {
  it('has every type and field of the API, each object field with its fact class, and nothing @inaccessible', () => {
    const doc = parse(supergraph);
    for (const def of doc.definitions) {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      // a type kept out of the API (the score's factors) is kept out of the reference whole
      if (def.directives?.some((d) => d.name.value === 'inaccessible')) {
        expect(ref.types.map((t) => t.name)).not.toContain(def.name.value);
        continue;
      }
      for (const f of def.fields ?? []) {
        if (f.directives?.some((d) => d.name.value === 'inaccessible')) {
          expect(() => field(`${def.name.value}.${f.name.value}`)).toThrow();
          continue;
        }
        const entry = field(`${def.name.value}.${f.name.value}`);
        expect(entry.fact?.cls, `${def.name.value}.${f.name.value}`).toBeTruthy();
        expect(entry.access.length, `${def.name.value}.${f.name.value}`).toBeGreaterThan(0);
      }
    }
    expect(ref.types.some((t) => t.name.startsWith('join__') || t.name.startsWith('link__'))).toBe(false);
    expect(ref.types.map((t) => t.name)).toContain('QueryRecord');
    expect(ref.types.map((t) => t.name)).not.toContain('QueryRecordGroupInput');
  });

  it('says who may read Person.phone: the regulator and the person, nobody else', () => {
    const phone = field('Person.phone');
    expect(phone.fact).toMatchObject({ cls: 'CONTACT', form: 'FULL', subgraph: 'persons' });
    expect(phone.access).toHaveLength(1);
    expect(phone.access[0]!.subject).toBe('PERSON');
    expect(reads(phone.access[0]!)).toEqual({
      LOAN_UNDERWRITING: 'no',
      EMPLOYMENT_SCREENING: 'no',
      MERCHANT_ONBOARDING: 'no',
      SUPERVISION: 'yes',
      SELF_ACCESS: 'yes',
      PUBLIC: 'no',
      PUBLICATION: 'no',
    });
  });

  it("marks the columns that need a person's consent, and renders the matrix cell", () => {
    const name = field('Person.name');
    expect(reads(name.access[0]!)).toMatchObject({ LOAN_UNDERWRITING: 'consent', EMPLOYMENT_SCREENING: 'consent', PUBLIC: 'no' });
    expect(name.access[0]!.cells.EMPLOYMENT_SCREENING.cell).toBe('M: NAME, MASKED_ID');
    // organisations need no consent, and their identity is public
    expect(reads(field('Enterprise.name').access[0]!)).toEqual(Object.fromEntries(ref.purposes.map((p) => [p, 'yes'])));
    expect(field('Enterprise.name').access[0]!.subject).toBe('ORGANISATION');
  });

  it('shows a row per subject kind where they differ, and per list for a list entry', () => {
    const rating = field('Merchant.rating');
    expect(rating.access.map((r) => r.subject)).toEqual(['PERSON', 'ORGANISATION']);
    expect(reads(rating.access[1]!).PUBLIC).toBe('yes');
    expect(reads(rating.access[0]!).PUBLIC).toBe('no');
    const basis = field('SanctionEntry.basis');
    expect(basis.fact?.cls).toBe('LISTING');
    expect(basis.access.flatMap((r) => r.lists ?? [])).toEqual(expect.arrayContaining(['DISHONEST_JUDGMENT_DEBTOR', 'COURIER_BLACKLIST']));
  });

  it('renders one anchored block per field, with who may read it in words', () => {
    const html = renderReferencePage(ref, { hash: 'test', builtAt: '2026-11-27T00:00:00Z' });
    expect(html).toContain('id="Person.phone"');
    expect(html).toContain('About a person: may read: SUPERVISION, SELF_ACCESS (own file).');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
