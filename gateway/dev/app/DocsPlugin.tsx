/**
 * GraphiQL's documentation explorer, with one addition: for the field it shows, who may read it
 * (its fact class and form, and its row of the access matrix per subject kind), from the API
 * reference the server built beside the explorer.
 */
import { useEffect, useState } from 'react';
import { isNamedType } from 'graphql';
import { DocExplorer, useDocExplorer } from '@graphiql/plugin-doc-explorer';
import { DocsFilledIcon, DocsIcon, useGraphiQL, type GraphiQLPlugin } from '@graphiql/react';
import type { AccessRow, Read, Reference, ReferenceField } from '../referenceModel.ts';

let reference: Promise<Map<string, ReferenceField>> | undefined;

function loadReference(): Promise<Map<string, ReferenceField>> {
  reference ??= fetch('/reference.json')
    .then((res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json() as Promise<Reference>;
    })
    .then((ref) => new Map(ref.types.flatMap((t) => t.fields.map((f) => [`${t.name}.${f.name}`, f] as const))));
  reference.catch(() => (reference = undefined));
  return reference;
}

const SUBJECT: Record<AccessRow['subject'], string> = { PERSON: 'About a person', ORGANISATION: 'About an organisation', ANY: 'About any subject' };
const MARK: Record<Read, string> = { yes: '✓', consent: '✓ with consent', no: '—' };

function FieldAccess() {
  const stack = useDocExplorer();
  const [fields, setFields] = useState<Map<string, ReferenceField> | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    loadReference().then(setFields, (err: Error) => setError(err.message));
  }, []);
  const current = stack[stack.length - 1];
  const parent = stack[stack.length - 2];
  if (!current?.def || isNamedType(current.def) || !parent) return null;
  const key = `${parent.name}.${current.name}`;
  if (error) return <p className="hub-access">Who may read {key}: the reference could not be loaded ({error}).</p>;
  const field = fields?.get(key);
  if (!field?.fact) return null;
  const purposes = Object.keys(field.access[0]?.cells ?? {}) as (keyof AccessRow['cells'])[];
  return (
    <section className="hub-access" aria-label={`Who may read ${key}`}>
      <h3>Who may read {key}</h3>
      <p>
        fact class <b>{field.fact.cls}</b> · form <b>{field.fact.form}</b> · {field.fact.subgraph} subgraph
      </p>
      {field.access.map((row) => {
        const readers = (read: Read) => purposes.filter((p) => row.cells[p].read === read);
        return (
          <div key={`${row.subject}|${row.cls}`}>
            <h4>
              {SUBJECT[row.subject]}
              {row.lists ? ` on ${row.lists.join(', ')}` : ''} <small>({row.cls})</small>
            </h4>
            <table>
              <tbody>
                {purposes.map((p) => (
                  <tr key={p} className={row.cells[p].read}>
                    <th scope="row">{p}</th>
                    <td>{MARK[row.cells[p].read]}</td>
                    <td>
                      <small>{row.cells[p].cell}</small>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="hub-readers">
              May read: {readers('yes').join(', ') || 'nobody'}
              {readers('consent').length > 0 && `; with the person's consent: ${readers('consent').join(', ')}`}.
            </p>
          </div>
        );
      })}
      <a href={`/reference#${key}`} target="_blank" rel="noopener">
        {key} in the API reference
      </a>
    </section>
  );
}

function Docs() {
  return (
    <div className="hub-docs">
      <div className="hub-docs-explorer">
        <DocExplorer />
      </div>
      <FieldAccess />
    </div>
  );
}

function Icon() {
  const visible = useGraphiQL((s) => s.visiblePlugin);
  return visible === DOCS_PLUGIN ? <DocsFilledIcon /> : <DocsIcon />;
}

/** Same title as GraphiQL's own, so its keyboard shortcut and labels keep working. */
export const DOCS_PLUGIN: GraphiQLPlugin = { title: 'Documentation Explorer', icon: Icon, content: Docs };
