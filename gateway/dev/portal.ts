/**
 * The developer portal's routes: the explorer (GraphiQL with the hub's panels), its built
 * assets, the API reference, and, only with the development issuer, the showcase askers and
 * their development tokens. The gateway imports this module only when the explorer is
 * configured (HubConfig.explorer).
 *
 * In development the explorer is built on first use (or by `prepare()`) into the git-ignored
 * cache; in production it is served only as built beforehand by `npm run build:explorer`.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../subgraphs/shared/platform/config.ts';
import type { Route, RouteResponse } from '../../subgraphs/shared/platform/http.ts';
import { buildDir, currentBuild, type Manifest } from './assets.ts';

export interface PortalOptions {
  /** mints a development token for a showcase asker: given only when the explorer may hand them out */
  developmentTokens: ((asker: string) => Promise<string>) | null;
  production: boolean;
}

export interface Portal {
  routes: Record<string, Route>;
  /** where a browser asking /graphql for a page is sent */
  landingPage: string;
  /** builds the explorer now rather than on its first request (development) */
  prepare(): Promise<void>;
}

export const ASSETS = '/explorer/assets/';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  ttf: 'font/ttf',
  woff2: 'font/woff2',
};

/** Nothing on these pages may load from anywhere but this server. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const REFERENCE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const json = (status: number, body: unknown): RouteResponse => ({ status, type: TYPES.json!, body: JSON.stringify(body) });
const text = (status: number, body: string): RouteResponse => ({ status, type: 'text/plain; charset=utf-8', body });

function page(manifest: Manifest, tokens: boolean): string {
  const base = `${ASSETS}${manifest.hash}/`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>credithub explorer</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${base}main.css"><script type="module" src="${base}main.js"></script></head>
<body data-assets="${base}" data-tokens="${tokens ? 'on' : 'off'}"><div id="root"></div>
<noscript>The explorer needs JavaScript. The API reference does not: <a href="/reference">/reference</a>.</noscript></body></html>
`;
}

/** In development: the current build, made on first use; a failed build is tried again on the next request. */
function lazyBuild(): () => Promise<Manifest> {
  let building: Promise<Manifest> | undefined;
  return () => {
    if (!building) {
      building = (async () => currentBuild() ?? (await import('./build.ts')).buildExplorer())();
      building.catch(() => (building = undefined));
    }
    return building;
  };
}

export async function createPortal(options: PortalOptions): Promise<Portal> {
  let built: () => Promise<Manifest>;
  if (options.production) {
    // nothing is bundled in production: the explorer is served as built beforehand, or not at all
    const manifest = currentBuild();
    if (!manifest) {
      throw new ConfigError(
        'HUB_EXPLORER=on, but the explorer is not built for this checkout: run `npm run build:explorer` where the dev dependencies are installed, and ship .cache/explorer/ with the code',
      );
    }
    built = async () => manifest;
  } else {
    built = lazyBuild();
  }

  const files = new Map<string, Buffer>();
  const withBuild =
    (serve: (manifest: Manifest, url: URL) => RouteResponse): Route =>
    async (url) => {
      let manifest: Manifest;
      try {
        manifest = await built();
      } catch (err) {
        console.error('[credithub] the explorer could not be built:', err);
        return text(500, `The explorer could not be built: ${(err as Error).message}`);
      }
      return serve(manifest, url);
    };
  const file = (manifest: Manifest, name: string): Buffer => {
    const key = `${manifest.hash}/${name}`;
    let body = files.get(key);
    if (!body) files.set(key, (body = readFileSync(new URL(name, buildDir(manifest.hash)))));
    return body;
  };

  const routes: Record<string, Route> = {
    '/explorer': withBuild((manifest) => ({
      status: 200,
      type: TYPES.html!,
      body: page(manifest, options.developmentTokens !== null),
      headers: { 'content-security-policy': PAGE_CSP },
    })),
    [ASSETS]: withBuild((manifest, url) => {
      const [hash, name, ...rest] = url.pathname.slice(ASSETS.length).split('/');
      // only the files of the current build, by name: nothing else on disk is reachable
      if (hash !== manifest.hash || !name || rest.length || !(name in manifest.files)) return text(404, 'Not found');
      const type = TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
      return { status: 200, type, body: file(manifest, name), headers: { 'cache-control': 'public, max-age=31536000, immutable' } };
    }),
    '/reference': withBuild((manifest) => ({
      status: 200,
      type: TYPES.html!,
      body: file(manifest, 'reference.html'),
      headers: { 'content-security-policy': REFERENCE_CSP },
    })),
    '/reference.json': withBuild((manifest) => ({ status: 200, type: TYPES.json!, body: file(manifest, 'reference.json') })),
  };

  // Development tokens for the showcase askers: only from the development issuer. The showcase is
  // a fixture, loaded only here: a production gateway with the explorer on never reads it.
  const mint = options.developmentTokens;
  if (mint !== null) {
    const { loadShowcase } = await import('../../test/fixtures/seed/showcase.ts');
    const showcase = loadShowcase();
    const askers = [
      ...showcase.clients.map((c) => ({ id: c.id, label: `${c.name} (${c.purposes[0]})` })),
      ...showcase.persons.map((p) => ({ id: p.creditCode, label: `${p.name}, own file (SELF_ACCESS)` })),
    ];
    routes['/explorer/askers'] = async () => json(200, askers);
    routes['/explorer/token'] = async (url) => {
      const asker = url.searchParams.get('asker') ?? '';
      if (!askers.some((a) => a.id === asker)) return json(400, { error: 'asker must be a showcase client id or a showcase citizen ID' });
      return json(200, { token: await mint(asker) });
    };
  }

  return {
    routes,
    landingPage: '/explorer',
    prepare: async () => {
      await built();
    },
  };
}
