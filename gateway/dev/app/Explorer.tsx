/**
 * GraphiQL (documentation explorer, history, query/variables/headers editors, prettify) with
 * the hub's own parts: the bar that says who asks and offers the examples, the withheld panel
 * under the answer, and who may read each field in the documentation pane.
 */
import { useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import { GraphiQL, GraphiQLInterface, HISTORY_PLUGIN } from 'graphiql';
import { GraphiQLProvider, useGraphiQLActions } from '@graphiql/react';
import { DocExplorerStore } from '@graphiql/plugin-doc-explorer';
import { HistoryStore } from '@graphiql/plugin-history';
import { EXAMPLES } from '../examples.ts';
import { DOCS_PLUGIN } from './DocsPlugin.tsx';
import { HubBar } from './HubBar.tsx';
import { DevTokens, loadAskers, saveAsker, savedAsker, savedToken, saveToken, type Asker } from './session.ts';
import { WithheldPanel } from './WithheldPanel.tsx';

type Fetcher = ComponentProps<typeof GraphiQLProvider>['fetcher'];

const PLUGINS = [DOCS_PLUGIN, HISTORY_PLUGIN];

/** On a phone the docs or history pane covers the editors (styles.css): start with it closed. */
function PhoneStartsClosed() {
  const { setVisiblePlugin } = useGraphiQLActions();
  useEffect(() => {
    if (window.matchMedia('(max-width: 700px)').matches) setVisiblePlugin(null);
  }, [setVisiblePlugin]);
  return null;
}

export function Explorer({ devTokens }: { devTokens: boolean }) {
  const [askers, setAskers] = useState<Asker[]>([]);
  const [askersError, setAskersError] = useState('');
  const [asker, setAsker] = useState(() => savedAsker() ?? EXAMPLES[0]!.asker);
  const [token, setToken] = useState(savedToken);
  const [answer, setAnswer] = useState<unknown>(null);
  // the fetcher stays one function (a new one would make GraphiQL fetch the schema again); it reads who asks from here
  const current = useRef({ asker, token });
  current.current = { asker, token };
  const tokens = useMemo(() => new DevTokens(), []);

  useEffect(() => {
    if (devTokens) loadAskers().then(setAskers, (err: Error) => setAskersError(err.message));
  }, [devTokens]);

  const fetcher = useMemo<Fetcher>(
    () => async (params, opts) => {
      const send = async (retry: boolean): Promise<unknown> => {
        const who = current.current;
        const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
        const bearer = devTokens ? await tokens.tokenFor(who.asker) : who.token;
        if (bearer) headers.authorization = `Bearer ${bearer}`;
        // what the developer writes in the headers editor wins, an Authorization header included
        for (const [k, v] of Object.entries(opts?.headers ?? {})) headers[k.toLowerCase()] = String(v);
        const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
        if (res.status === 401 && devTokens && retry) {
          tokens.forget(who.asker);
          return send(false);
        }
        try {
          return await res.json();
        } catch {
          return { errors: [{ message: `The hub answered HTTP ${res.status} without a GraphQL body.` }] };
        }
      };
      const body = await send(true);
      if (params.operationName !== 'IntrospectionQuery') setAnswer(body);
      return body as Awaited<ReturnType<Fetcher>>;
    },
    [devTokens, tokens],
  );

  const chooseAsker = (id: string) => {
    setAsker(id);
    saveAsker(id);
  };
  const applyToken = (value: string) => {
    setToken(value);
    saveToken(value);
  };

  return (
    <GraphiQLProvider fetcher={fetcher} plugins={PLUGINS} referencePlugin={DOCS_PLUGIN} defaultQuery={EXAMPLES[0]!.query}>
      <HistoryStore>
        <DocExplorerStore>
          <PhoneStartsClosed />
          <div className="hub">
            <HubBar
              devTokens={devTokens}
              askers={askers}
              askersError={askersError}
              asker={asker}
              onAsker={chooseAsker}
              token={token}
              onToken={applyToken}
            />
            <div className="hub-graphiql">
              <GraphiQLInterface>
                <GraphiQL.Logo>
                  <span className="hub-logo">credithub</span>
                </GraphiQL.Logo>
                <GraphiQL.Footer>
                  <WithheldPanel answer={answer} />
                </GraphiQL.Footer>
              </GraphiQLInterface>
            </div>
          </div>
        </DocExplorerStore>
      </HistoryStore>
    </GraphiQLProvider>
  );
}
