/**
 * `npm run -s token -- --client <client id> [--purpose <PURPOSE>] [--ttl <seconds>]`
 * `npm run -s token -- --subject <citizen ID>`
 * Prints a bearer token and nothing else: the development stand-in for the hub's token service.
 * Clients and their licensed purposes come from the client registry (the showcase clients).
 */
import { parseArgs } from 'node:util';
import type { Purpose } from '../subgraphs/shared/documents.ts';
import { assertCitizenId } from '../subgraphs/shared/ids.ts';
import { loadShowcase } from '../subgraphs/shared/seed/index.ts';
import { loadConfig } from './config.ts';
import { issueToken } from './auth.ts';

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

try {
  const { values } = parseArgs({
    options: {
      client: { type: 'string' },
      subject: { type: 'string' },
      purpose: { type: 'string' },
      ttl: { type: 'string', default: '3600' },
    },
    strict: true,
  });
  const config = loadConfig();
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 86_400) fail('--ttl must be a whole number of seconds from 60 to 86400');
  if (values.subject && values.client) fail('give either --client or --subject, not both');
  if (values.subject) {
    let subject: string;
    try {
      subject = assertCitizenId(values.subject);
    } catch (err) {
      fail((err as Error).message);
    }
    console.log(await issueToken({ viewer: { kind: 'SUBJECT', subject, purpose: 'SELF_ACCESS' }, ttl }, config.tokenSecret));
  } else if (values.client) {
    const clients = loadShowcase().clients;
    const client = clients.find((c) => c.id === values.client);
    if (!client) fail(`unknown client "${values.client}"; registered clients: ${clients.map((c) => c.id).join(', ')}`);
    const purpose = (values.purpose ?? (client.purposes.length === 1 ? client.purposes[0] : undefined)) as Purpose | undefined;
    if (!purpose) fail(`client ${client.id} is licensed for several purposes; pick one with --purpose (${client.purposes.join(', ')})`);
    if (!client.purposes.includes(purpose)) fail(`client ${client.id} is not licensed for ${purpose}; it is licensed for ${client.purposes.join(', ')}`);
    console.log(
      await issueToken({ viewer: { kind: 'CLIENT', client: client.id, clientKind: client.kind as never, purpose }, ttl }, config.tokenSecret),
    );
  } else {
    fail('usage: npm run -s token -- --client <client id> [--purpose <PURPOSE>] | --subject <citizen ID>');
  }
} catch (err) {
  fail((err as Error).message);
}
