/**
 * `npm run -s token -- --client <client id> [--purpose <PURPOSE>] [--ttl <seconds>]`
 * `npm run -s token -- --subject <citizen ID>`
 * Prints a bearer token and nothing else: the development stand-in for the hub's token service.
 * Clients and their licensed purposes come from the client registry (the showcase clients).
 */
import { parseArgs } from 'node:util';
import type { AskingViewer } from '../subgraphs/shared/viewer.ts';
import { clientViewer, subjectViewer } from './askers.ts';
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
  if (values.subject || values.client) {
    let viewer: AskingViewer;
    try {
      viewer = values.subject ? subjectViewer(values.subject) : clientViewer(values.client!, values.purpose);
    } catch (err) {
      fail((err as Error).message);
    }
    console.log(await issueToken({ viewer, ttl }, config.tokenSecret));
  } else {
    fail('usage: npm run -s token -- --client <client id> [--purpose <PURPOSE>] | --subject <citizen ID>');
  }
} catch (err) {
  fail((err as Error).message);
}
