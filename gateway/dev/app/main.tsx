/**
 * The explorer's browser entry: Monaco's workers from this server, then the page. The server
 * says where the built assets are and whether it hands out development tokens.
 */
import 'graphiql/style.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { Explorer } from './Explorer.tsx';

const { assets = './', tokens } = document.body.dataset;

const WORKERS: Record<string, string> = { json: 'json.worker.js', graphql: 'graphql.worker.js' };
Object.assign(globalThis, {
  MonacoEnvironment: {
    getWorker: (_id: string, label: string) => new Worker(`${assets}${WORKERS[label] ?? 'editor.worker.js'}`, { name: label }),
  },
});

createRoot(document.getElementById('root')!).render(<Explorer devTokens={tokens === 'on'} />);
