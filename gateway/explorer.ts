/**
 * The development explorer: a self-contained page (no CDN) where a developer picks a showcase
 * asker, runs queries against the synthetic data, and sees what was withheld and why. Served only
 * with the public development keys, never in production; its token route issues tokens for the
 * showcase askers only.
 */
import { readFileSync } from 'node:fs';
import { loadShowcase } from '../subgraphs/shared/seed/index.ts';
import { askerViewer } from './askers.ts';
import { issueToken } from './auth.ts';

const PAGE = new URL('./explorer.html', import.meta.url);

type Route = (url: URL) => Promise<{ status: number; type: string; body: string }>;

export function explorerRoutes(tokenSecret: string): Record<string, Route> {
  const showcase = loadShowcase();
  const askers = [
    ...showcase.clients.map((c) => ({ id: c.id, label: `${c.name} (${c.purposes[0]})` })),
    ...showcase.persons.map((p) => ({ id: p.creditCode, label: `${p.name}, own file (SELF_ACCESS)` })),
  ];
  const json = (status: number, body: unknown) => ({ status, type: 'application/json; charset=utf-8', body: JSON.stringify(body) });
  return {
    '/explorer': async () => ({ status: 200, type: 'text/html; charset=utf-8', body: readFileSync(PAGE, 'utf8') }),
    '/explorer/askers': async () => json(200, askers),
    '/explorer/token': async (url) => {
      const asker = url.searchParams.get('asker') ?? '';
      if (!askers.some((a) => a.id === asker)) return json(400, { error: 'asker must be a showcase client id or a showcase citizen ID' });
      return json(200, { token: await issueToken({ viewer: askerViewer(asker), ttl: 900 }, tokenSecret) });
    },
  };
}
