/** The gateway as its own process (docker compose, production): load config, create, listen; SIGTERM drains. */
import { ConfigError } from '../subgraphs/shared/platform/config.ts';
import { gatewayIdentity } from '../subgraphs/shared/wire/identity.ts';
import { indexSpecs, openStore } from '../subgraphs/shared/platform/store/index.ts';
import { REGISTRY_COLLECTIONS } from '../subgraphs/shared/wire/registry.ts';
import { describeStartError } from '../subgraphs/shared/platform/startErrors.ts';
import { loadConfig } from './config.ts';
import { createGateway } from './index.ts';

try {
  const config = loadConfig();
  // alone, the gateway trusts only a configured issuer: the development issuer runs with `npm start`
  if (config.developmentIssuer) throw new ConfigError("HUB_TOKEN_ISSUERS is required to run the gateway on its own: the operator's identity provider");
  if (!config.mongodbUri) throw new ConfigError('MONGODB_URI is required to run the gateway on its own: the client registry is in the store');
  const store = await openStore({ mongodbUri: config.mongodbUri, indexes: indexSpecs(REGISTRY_COLLECTIONS) });
  const gateway = await createGateway({ ...config, identity: gatewayIdentity(config, store, config.issuers, config.gatewaySigningKey) });
  const listening = await gateway.listen(config.host, config.ports.gateway);
  console.log(`credithub gateway ready at ${listening.url}`);
  const stop = async () => {
    await listening.close();
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (err) {
  console.error(describeStartError(err, 'gateway'));
  process.exit(1);
}
