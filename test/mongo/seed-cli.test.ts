/**
 * `npm run seed` as an operator runs it: a child process, flags, exit codes, the summary. The
 * argument and configuration checks need no server; the load itself runs on MONGODB_URI's server
 * (FerretDB in CI), in a database of its own, and is skipped, visibly, without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES, seedDocuments } from '../fixtures/seed/index.ts';
import { describeMongo, freshMongoStore, INTERNALS, run, type FreshMongo } from '../support/mongo.ts';

/** what `npm run seed -- …` runs (tsx), without npm's and npx's start-up time */
const seedCli = (args: string[], env: Record<string, string | undefined>) =>
  run(process.execPath, ['--import', 'tsx', 'test/fixtures/seed/cli.ts', ...args], env);

describe.concurrent('npm run seed refuses what it cannot do, in one line, with exit code 2', () => {
  it('without MONGODB_URI it says the variable is needed and how to set it', async ({ expect }) => {
    const done = await seedCli([], { MONGODB_URI: '' });
    expect(done.code).toBe(2);
    expect(done.errorLines).toHaveLength(1);
    expect(done.errorLines[0]).toMatch(/^seed: configuration error: MONGODB_URI is not set\..*MONGODB_URI=mongodb:\/\/.* npm run seed/);
  });

  it('a malformed count names the flag, then shows the usage', async ({ expect }) => {
    const done = await seedCli(['--persons', 'lots'], { MONGODB_URI: 'mongodb://127.0.0.1:1/x' });
    expect(done.code).toBe(2);
    expect(done.errorLines[0]).toBe('seed: --persons must be a non-negative whole number, not "lots"');
    expect(done.stderr).toMatch(/--list-entries N/);
    expect(done.stderr).not.toMatch(INTERNALS);
  });

  it('an impossible scale is refused before connecting, with the generator’s reason', async ({ expect }) => {
    const done = await seedCli(['--persons', '10', '--couriers', '11'], { MONGODB_URI: 'mongodb://127.0.0.1:1/x' });
    expect(done.code).toBe(2);
    expect(done.errorLines).toEqual(['seed: invalid scale: every courier is a person: couriers cannot exceed persons']);
  });
});

describeMongo('npm run seed loads MongoDB', () => {
  const scale = { persons: 40, enterprises: 8, merchants: 8, couriers: 6, listEntries: 8 };
  const flags = ['--persons', '40', '--enterprises', '8', '--merchants', '8', '--couriers', '6', '--list-entries', '8', '--batch', '16'];
  const expected = Object.fromEntries(Object.entries(seedDocuments(scale)).map(([name, docs]) => [name, docs.length])) as Record<string, number>;
  let fresh: FreshMongo;

  /** the summary's table: collection → [written, in store] */
  const table = (stdout: string) =>
    Object.fromEntries(
      [...stdout.matchAll(/^ {2}(\w+) +([\d,]+) +([\d,]+)$/gm)].map((m) => [m[1]!, [Number(m[2]!.replace(/,/g, '')), Number(m[3]!.replace(/,/g, ''))]]),
    );

  beforeAll(async () => {
    fresh = await freshMongoStore();
  });
  afterAll(() => fresh?.dispose());

  it('writes every generated document, reports progress on stderr and a per-collection summary on stdout', async () => {
    const done = await seedCli(flags, { MONGODB_URI: fresh.uri });
    expect(done.stderr).not.toMatch(INTERNALS);
    expect(done.code).toBe(0);
    expect(done.errorLines.at(-1)).toMatch(/^seed: 100% \(\d+\/\d+ batches\), [\d,]+ documents, [\d,]+ docs\/s$/);
    expect(done.stdout).toMatch(/^seeded mongodb:\/\/.+ in [\d.]+ s: [\d,]+ documents written at [\d,]+ docs\/s$/m);
    expect(table(done.stdout)).toEqual(Object.fromEntries(COLLECTION_NAMES.map((n) => [n, [expected[n], expected[n]]])));
    for (const n of COLLECTION_NAMES) expect(await fresh.db.collection(n).countDocuments()).toBe(expected[n]);
  });

  it('creates the hub’s indexes', async () => {
    const names = (await fresh.db.collection('queryRecords').listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['subjects_1_at_-1', 'requestId_1']));
  });

  it('--drop empties the collections first: documents the seed does not make are gone', async () => {
    await fresh.db.collection('persons').insertOne({ _id: 'stray' as never, name: 'not from the seed' });
    const done = await seedCli([...flags, '--drop'], { MONGODB_URI: fresh.uri });
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/removed first \(--drop\)/);
    expect(await fresh.db.collection('persons').findOne({ _id: 'stray' as never })).toBeNull();
    expect(await fresh.db.collection('persons').countDocuments()).toBe(expected.persons);
  });
});
