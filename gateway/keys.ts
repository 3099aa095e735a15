/**
 * `npm run keys -- --dir <directory> [--kid <kid>]`: makes the gateway's call-assertion key pair
 * for a deployment: `gateway-signing-key.json` (private: the gateway's HUB_GATEWAY_SIGNING_KEY_FILE,
 * nobody else's) and `gateway-jwks.json` (public: every subgraph's HUB_GATEWAY_JWKS_FILE). To
 * rotate, make a new pair, add its public key to the subgraphs' set beside the old one, switch the
 * gateway to the new private key, then drop the old public key.
 *
 * It also writes `link-key` (secret: every subgraph's HUB_LINK_KEY_FILE, never the gateway's), the
 * subgraphs' shared key for sealed person links (subgraphs/shared/wire/links.ts), unless the
 * directory has one: a new link key only voids the links of the requests in flight, but the
 * subgraphs must all hold the same one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateGatewayKeys } from '../subgraphs/shared/wire/assertion.ts';

const { values } = parseArgs({ options: { dir: { type: 'string' }, kid: { type: 'string' } }, strict: true });
if (!values.dir) {
  console.error('keys: usage: npm run keys -- --dir <directory> [--kid <kid>]');
  process.exit(2);
}
const keys = await generateGatewayKeys(values.kid ?? `gw-${new Date().toISOString().slice(0, 10)}`);
writeFileSync(join(values.dir, 'gateway-signing-key.json'), `${JSON.stringify(keys.signing)}\n`, { mode: 0o600 });
writeFileSync(join(values.dir, 'gateway-jwks.json'), `${JSON.stringify(keys.jwks)}\n`);
console.log(`wrote ${join(values.dir, 'gateway-signing-key.json')} (private, gateway only) and ${join(values.dir, 'gateway-jwks.json')} (public, subgraphs)`);
const linkKey = join(values.dir, 'link-key');
if (!existsSync(linkKey)) {
  writeFileSync(linkKey, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  console.log(`wrote ${linkKey} (secret, subgraphs only)`);
}
