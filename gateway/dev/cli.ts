/**
 * `npm run build:explorer`: builds the explorer and the API reference into .cache/explorer/.
 * Development needs no such step (the gateway builds them on first use); a production gateway
 * with HUB_EXPLORER=on serves only what this built.
 */
import { currentBuild } from './assets.ts';
import { buildExplorer } from './build.ts';

try {
  const built = currentBuild();
  const m = built ?? (await buildExplorer());
  if (built) console.log('explorer already built for this checkout:');
  const bytes = Object.values(m.files).reduce((a, b) => a + b, 0);
  console.log(`explorer built in .cache/explorer/${m.hash}/: ${Object.keys(m.files).length} files, ${(bytes / 1e6).toFixed(1)} MB (${m.buildMs} ms, ${m.builtAt})`);
} catch (err) {
  console.error(`build:explorer: ${(err as Error).message}`);
  process.exit(1);
}
