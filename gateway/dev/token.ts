/**
 * `npm run -s token -- --client <client id>`
 * `npm run -s token -- --subject <citizen ID>`
 * Prints a bearer token and nothing else, fetched from the development issuer that `npm start` runs
 * (client credentials with the seeded client's development secret, or a self-access token for a
 * subject). `--issuer` points it at another development issuer. A real client gets its tokens
 * from the operator's identity provider with its own secret: see the README, "Identity and trust".
 */
import { parseArgs } from 'node:util';
import { assertCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { loadShowcase } from '../../test/fixtures/seed/index.ts';
import { DEVELOPMENT_AUTHORITIES } from '../../test/fixtures/seed/showcase.ts';
import { loadConfig } from '../config.ts';
import { developmentToken, isShowcaseClient, TokenRequestError } from './tokens.ts';

function fail(message: string): never {
  console.error(`token: ${message}`);
  process.exit(2);
}

try {
  const { values } = parseArgs({
    options: { client: { type: 'string' }, subject: { type: 'string' }, issuer: { type: 'string' } },
    strict: true,
  });
  if (values.subject && values.client) fail('give either --client or --subject, not both');
  if (!values.subject && !values.client) fail('usage: npm run -s token -- --client <client id> | --subject <citizen ID> [--issuer <url>]');
  const config = loadConfig();
  if (!config.developmentIssuer) fail("the hub trusts the operator's identity provider (HUB_TOKEN_ISSUERS): get tokens from it");
  if (values.client && !isShowcaseClient(values.client)) {
    fail(`"${values.client}" is not a seeded development client; one of ${[...loadShowcase().clients, ...DEVELOPMENT_AUTHORITIES].map((c) => c.id).join(', ')}`);
  }
  let asker = values.client ?? '';
  if (values.subject) {
    try {
      asker = assertCitizenId(values.subject);
    } catch (err) {
      fail((err as Error).message);
    }
  }
  const issuer = (values.issuer ?? `http://127.0.0.1:${config.issuerPort}`).replace(/\/$/, '');
  console.log(await developmentToken(`${issuer}/token`, asker));
} catch (err) {
  fail(err instanceof TokenRequestError ? err.message : (err as Error).message);
}
