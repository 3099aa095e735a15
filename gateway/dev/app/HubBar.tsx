/**
 * The bar above GraphiQL: who asks (a showcase asker with development tokens, or a pasted token),
 * the examples, each naming the asker it is written for, and the API reference.
 */
import { useState } from 'react';
import { useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { EXAMPLES } from '../examples.ts';
import type { Asker } from './session.ts';

export interface HubBarProps {
  devTokens: boolean;
  askers: Asker[];
  askersError: string;
  asker: string;
  onAsker(id: string): void;
  token: string;
  onToken(token: string): void;
}

export function HubBar({ devTokens, askers, askersError, asker, onAsker, token, onToken }: HubBarProps) {
  const queryEditor = useGraphiQL((s) => s.queryEditor);
  const variableEditor = useGraphiQL((s) => s.variableEditor);
  const { introspect, setOperationName } = useGraphiQLActions();
  const [example, setExample] = useState('');
  const [draft, setDraft] = useState(token);
  const labelOf = (id: string) => askers.find((a) => a.id === id)?.label ?? id;
  const chosen = example === '' ? undefined : EXAMPLES[Number(example)];

  const pick = (value: string) => {
    setExample(value);
    const ex = value === '' ? undefined : EXAMPLES[Number(value)];
    if (!ex) return;
    queryEditor?.setValue(ex.query);
    variableEditor?.setValue('');
    // GraphiQL reads the operation's name from the editor after a pause; run at once, it would send the previous one
    setOperationName(/^\s*(?:query|mutation)\s+(\w+)/.exec(ex.query)?.[1] ?? '');
    // an example is written for one asker: ask as that one
    if (devTokens) onAsker(ex.asker);
  };

  return (
    <header className="hub-bar">
      <strong className="hub-title">credithub explorer</strong>
      {devTokens ? (
        <label>
          Ask as{' '}
          <select id="asker" value={asker} onChange={(e) => onAsker(e.target.value)}>
            {askers.length === 0 && <option value={asker}>{asker}</option>}
            {askers.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
          {askersError && <span className="hub-error"> {askersError}</span>}
        </label>
      ) : (
        <form
          className="hub-token"
          onSubmit={(e) => {
            e.preventDefault();
            onToken(draft.trim());
            void introspect();
          }}
        >
          <label>
            Token{' '}
            <input
              id="token"
              type="password"
              autoComplete="off"
              placeholder="paste a bearer token"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
            />
          </label>
          <button type="submit">Use</button>
        </form>
      )}
      <label>
        Example{' '}
        <select id="example" value={example} onChange={(e) => pick(e.target.value)}>
          <option value="">choose an example…</option>
          {EXAMPLES.map((ex, i) => (
            <option key={ex.title} value={String(i)}>
              {ex.title} — as {labelOf(ex.asker)}
            </option>
          ))}
        </select>
      </label>
      {chosen && (
        <span className="hub-about" title={chosen.about}>
          {chosen.about}
          {!devTokens && ` Written for ${chosen.asker}: paste a token of that asker.`}
        </span>
      )}
      <a className="hub-link" href="/reference" target="_blank" rel="noopener">
        API reference
      </a>
    </header>
  );
}
