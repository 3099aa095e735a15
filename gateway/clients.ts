/**
 * `npm run clients -- <command>`: the operator's tool for the client registry.
 *
 *   list
 *   add --id <id> --name <name> --kind <BANK|EMPLOYER|PLATFORM|REGULATOR|DEVELOPER|SUBJECT_APP|AUTHORITY> --purpose <PURPOSE> [--purpose …] [--rpm N] [--daily N]
 *       [--hours HH:MM-HH:MM] [--region CODE …]
 *       an AUTHORITY also: --publishes <LIST> [--publishes …] --refs <pattern> [--refs …] (its --region also bounds what it publishes)
 *       a PLATFORM also: --organisation <USCC> (its operating company, whose shops' commitments it records)
 *   licence --id <id> [--hours HH:MM-HH:MM | --hours any] [--region CODE … | --region any]
 *   suspend --id <id> --reason <why>
 *   reinstate --id <id> [--reason <why>]
 *   rotate --id <id>
 *   events [--id <id>]
 *
 * With MONGODB_URI it changes the registry in MongoDB directly; without, it asks the hub that
 * `npm start` runs on the embedded store (its operator API on loopback). Every change is recorded
 * with the operator (--operator, or the OS user) in registryEvents. A new or rotated secret is
 * printed once, and never stored: only its hash is.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { ClientKind, Purpose } from '../subgraphs/shared/wire/purposes.ts';
import type { PublishableFact } from '../subgraphs/shared/wire/licence.ts';
import {
  checkLicensedRegions,
  ClientRegistry,
  parseLicensedHours,
  REGISTRY_COLLECTIONS,
  RegistryError,
  type LicenceChange,
  type NewClient,
} from '../subgraphs/shared/wire/registry.ts';
import { indexSpecs, openStore } from '../subgraphs/shared/platform/store/index.ts';
import { loadConfig } from './config.ts';
import { ADMIN_KEY_FILE, ADMIN_KEY_HEADER, withoutCredentials } from './dev/admin.ts';

const USAGE = `usage: npm run clients -- list | events [--id ID]
       npm run clients -- add --id ID --name NAME --kind KIND --purpose PURPOSE [--purpose …] [--rpm N] [--daily N] [--hours HH:MM-HH:MM] [--region CODE …]
                              [--publishes LIST … --refs PATTERN …]   (an AUTHORITY's licence; its --region also bounds what it publishes)
                              [--organisation USCC]                   (a PLATFORM's operating company)
       npm run clients -- licence --id ID [--hours HH:MM-HH:MM | --hours any] [--region CODE … | --region any]
       npm run clients -- suspend --id ID --reason WHY | reinstate --id ID [--reason WHY] | rotate --id ID
       (add --operator NAME to any change; MONGODB_URI to change the registry in MongoDB directly)`;

function fail(message: string): never {
  console.error(`clients: ${message}`);
  process.exit(2);
}

/** One operation on the registry, wherever it lives. */
interface Backend {
  list(): Promise<unknown[]>;
  events(id?: string): Promise<unknown[]>;
  add(c: NewClient, operator: string): Promise<{ client: unknown; secret: string }>;
  suspend(id: string, operator: string, reason: string): Promise<unknown>;
  reinstate(id: string, operator: string, reason?: string): Promise<unknown>;
  rotate(id: string, operator: string): Promise<{ client: unknown; secret: string }>;
  licence(id: string, operator: string, change: LicenceChange): Promise<unknown>;
  close(): Promise<void>;
}

async function mongoBackend(uri: string): Promise<Backend> {
  const store = await openStore({ mongodbUri: uri, indexes: indexSpecs(REGISTRY_COLLECTIONS) });
  const registry = new ClientRegistry(store, 0);
  return {
    list: async () => (await registry.list()).map(withoutCredentials),
    events: (id) => registry.events(id),
    add: async (c, op) => {
      const r = await registry.add(c, op);
      return { client: withoutCredentials(r.client), secret: r.secret };
    },
    suspend: async (id, op, reason) => withoutCredentials(await registry.suspend(id, op, reason)),
    reinstate: async (id, op, reason) => withoutCredentials(await registry.reinstate(id, op, reason)),
    rotate: async (id, op) => {
      const r = await registry.rotate(id, op);
      return { client: withoutCredentials(r.client), secret: r.secret };
    },
    licence: async (id, op, change) => withoutCredentials(await registry.setLicence(id, op, change)),
    close: () => store.close(),
  };
}

function hubBackend(base: string, key: string): Backend {
  const call = async (method: string, path: string, body?: object) => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', [ADMIN_KEY_HEADER]: key }, ...(body ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new RegistryError(`no hub answers at ${base}: start it with npm start, or set MONGODB_URI to change the registry in MongoDB`);
    }
    const json = (await res.json().catch(() => ({}))) as Record<string, any>;
    if (!res.ok) throw new RegistryError(String(json.error ?? `HTTP ${res.status}`));
    return json;
  };
  return {
    list: async () => (await call('GET', '/clients')).clients,
    events: async (id) => (await call('GET', `/clients/${encodeURIComponent(id ?? '')}/events`)).events,
    add: async (c, operator) => call('POST', '/clients', { ...c, operator }) as never,
    suspend: async (id, operator, reason) => (await call('POST', `/clients/${encodeURIComponent(id)}/suspend`, { operator, reason })).client,
    reinstate: async (id, operator, reason) => (await call('POST', `/clients/${encodeURIComponent(id)}/reinstate`, { operator, reason })).client,
    rotate: async (id, operator) => call('POST', `/clients/${encodeURIComponent(id)}/rotate`, { operator }) as never,
    licence: async (id, operator, change) => (await call('POST', `/clients/${encodeURIComponent(id)}/licence`, { operator, ...change })).client,
    close: async () => undefined,
  };
}

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      purpose: { type: 'string', multiple: true },
      rpm: { type: 'string' },
      daily: { type: 'string' },
      hours: { type: 'string' },
      region: { type: 'string', multiple: true },
      reason: { type: 'string' },
      operator: { type: 'string' },
      publishes: { type: 'string', multiple: true },
      organisation: { type: 'string' },
      refs: { type: 'string', multiple: true },
    },
  });
  const [command] = positionals;
  if (!command || positionals.length > 1) fail(USAGE);
  const config = loadConfig();
  const operator = values.operator ?? userInfo().username;
  let backend: Backend;
  if (config.mongodbUri) backend = await mongoBackend(config.mongodbUri);
  else {
    let key = config.adminKey ?? '';
    if (!key) {
      try {
        key = readFileSync(ADMIN_KEY_FILE, 'utf8').trim();
      } catch {
        fail('no running hub to ask (its .cache/admin-key is missing): start it with npm start, or set MONGODB_URI');
      }
    }
    backend = hubBackend(`http://127.0.0.1:${config.adminPort}`, key);
  }
  const id = () => values.id ?? fail(`${command} needs --id`);
  const count = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) fail(`${flag} must be a whole number above 0`);
    return n;
  };
  const licence = () =>
    values.publishes || values.refs
      ? { publishes: { facts: (values.publishes ?? []) as PublishableFact[], refs: values.refs ?? [], ...(values.region ? { regions: values.region } : {}) } }
      : {};
  const print = (x: unknown) => console.log(JSON.stringify(x, null, 2));
  /** --hours and --region as a licence change: `any` lifts the restriction, absent leaves it */
  const licenceChange = (): LicenceChange => {
    const regions = values.region;
    if (regions?.includes('any') && regions.length > 1) fail('--region any lifts the restriction: give it alone');
    return {
      ...(values.hours === undefined ? {} : { hours: values.hours === 'any' ? null : parseLicensedHours(values.hours) }),
      ...(regions === undefined ? {} : { regions: regions[0] === 'any' ? null : checkLicensedRegions(regions) }),
    };
  };
  try {
    switch (command) {
      case 'list':
        print(await backend.list());
        break;
      case 'events':
        print(await backend.events(values.id));
        break;
      case 'add': {
        const limits = { ...(count(values.rpm, '--rpm') ? { requestsPerMinute: count(values.rpm, '--rpm')! } : {}), ...(count(values.daily, '--daily') ? { subjectsPerDay: count(values.daily, '--daily')! } : {}) };
        const { hours, regions } = licenceChange();
        const added = await backend.add(
          {
            id: id(),
            name: values.name ?? fail('add needs --name'),
            kind: (values.kind ?? fail('add needs --kind')) as ClientKind,
            purposes: (values.purpose ?? []) as Purpose[],
            limits,
            ...(hours ? { licensedHours: hours } : {}),
            ...(regions ? { licensedRegions: regions } : {}),
            ...licence(),
            ...(values.organisation ? { organisation: values.organisation } : {}),
          },
          operator,
        );
        print(added.client);
        console.log(`\nclient secret (shown once, store it now): ${added.secret}`);
        break;
      }
      case 'suspend':
        print(await backend.suspend(id(), operator, values.reason ?? fail('suspend needs --reason')));
        break;
      case 'reinstate':
        print(await backend.reinstate(id(), operator, values.reason));
        break;
      case 'rotate': {
        const rotated = await backend.rotate(id(), operator);
        print(rotated.client);
        console.log(`\nnew client secret (shown once; the old one no longer works): ${rotated.secret}`);
        break;
      }
      case 'licence':
        print(await backend.licence(id(), operator, licenceChange()));
        break;
      default:
        fail(USAGE);
    }
  } finally {
    await backend.close();
  }
} catch (err) {
  fail(err instanceof RegistryError || err instanceof TypeError ? err.message : (err as Error).message);
}
