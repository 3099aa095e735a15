/** The gateway reads the same typed, frozen configuration as the subgraphs (one reader of the environment). */
export { loadConfig, ConfigError, type HubConfig } from '../subgraphs/shared/platform/config.ts';
