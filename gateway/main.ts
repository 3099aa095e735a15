/** The gateway as its own process (docker compose, production): load config, create, listen; SIGTERM drains. */
import { loadConfig } from './config.ts';
import { createGateway } from './index.ts';
import { describeStartError } from '../subgraphs/shared/startErrors.ts';

try {
  const config = loadConfig();
  const gateway = await createGateway(config);
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
  console.error(`gateway: ${describeStartError(err)}`);
  process.exit(1);
}
