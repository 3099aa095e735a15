/**
 * Sealed person links (subgraphs/shared/wire/links.ts): a link that must not show a person's full
 * ID carries a sealed key that only the hub opens, only for the asker it was made for, and only for
 * a short while.
 */
import { describe, expect, it } from 'vitest';
import { createLinks, LINK_TTL_SECONDS, SEALED_PREFIX } from '../../subgraphs/shared/wire/links.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const ID = '320583199001011531';
const platform: Viewer = { kind: 'CLIENT', client: 'platform-yunji', clientKind: 'PLATFORM', purpose: 'MERCHANT_ONBOARDING' };
const SECRET = 'a test secret that is at least thirty-two characters long';

describe('a sealed person link', () => {
  it('opens into the ID it was made from, for the asker it was made for', () => {
    const links = createLinks(SECRET);
    const key = links.seal(ID, platform);
    expect(key.startsWith(SEALED_PREFIX)).toBe(true);
    expect(links.open(key, platform)).toBe(ID);
  });

  it('names no one: neither the ID nor any part of it can be read from the key', () => {
    const key = createLinks(SECRET).seal(ID, platform);
    expect(key).not.toContain(ID);
    expect(key).not.toContain(ID.slice(0, 6));
    expect(Buffer.from(key.slice(SEALED_PREFIX.length), 'base64url').toString('latin1')).not.toContain(ID.slice(6, 14));
  });

  it('is fresh each time, so two links to one person cannot be matched', () => {
    const links = createLinks(SECRET);
    expect(links.seal(ID, platform)).not.toBe(links.seal(ID, platform));
  });

  it('opens to nothing for another client, another purpose of the same client, or a subject', () => {
    const links = createLinks(SECRET);
    const key = links.seal(ID, platform);
    expect(links.open(key, { ...platform, client: 'platform-other' })).toBeNull();
    expect(links.open(key, { ...platform, purpose: 'PUBLIC' })).toBeNull();
    expect(links.open(key, { kind: 'SUBJECT', subject: ID, purpose: 'SELF_ACCESS' })).toBeNull();
  });

  it('opens to nothing under another hub’s key, or once altered by a single bit', () => {
    const key = createLinks(SECRET).seal(ID, platform);
    expect(createLinks(`${SECRET} but another`).open(key, platform)).toBeNull();
    const raw = Buffer.from(key.slice(SEALED_PREFIX.length), 'base64url');
    for (const at of [0, 12, 20, raw.length - 1]) {
      const bent = Buffer.from(raw);
      bent[at] = (bent[at] as number) ^ 1;
      expect(createLinks(SECRET).open(SEALED_PREFIX + bent.toString('base64url'), platform), `bit flipped at byte ${at}`).toBeNull();
    }
    expect(createLinks(SECRET).open(`${SEALED_PREFIX}short`, platform)).toBeNull();
  });

  it(`still opens ${LINK_TTL_SECONDS} seconds after it was made, and no longer a second later`, () => {
    let now = 1_800_000_000;
    const links = createLinks(SECRET, () => now);
    const key = links.seal(ID, platform);
    now += LINK_TTL_SECONDS;
    expect(links.open(key, platform)).toBe(ID);
    now += 1;
    expect(links.open(key, platform)).toBeNull();
  });

  it('leaves a reference that is not sealed as it is: a citizen ID is its own key', () => {
    expect(createLinks(SECRET).open(ID, platform)).toBe(ID);
  });
});

describe('a sealed person link, rule by rule', () => {
  const subject: Viewer = { kind: 'SUBJECT', subject: '11010519491231002X', purpose: 'SELF_ACCESS' };

  it('made by another subgraph of the same hub (recorded once) opens here: the seal depends on the shared secret only', () => {
    // sealed at 1,800,000,000 s by createLinks(SECRET) for the platform above, and for a subject
    const links = createLinks(SECRET, () => 1_800_000_000 + 30);
    expect(links.open('sealed:4ur-USIFxuqvwnRfrDkSdlavjbIKpm-HQEpEf2fRmunINMopJQrBRCFApa9H8p2YSuU', platform)).toBe(ID);
    expect(links.open('sealed:UFafAXvu71rQczxuO4_I-_O_P6GFSRvQbHbs-tGwI-u4MwekPnStcr0lzBrw1nghb8U', subject)).toBe('11010519491231002X');
    // and only there: the recorded platform link is not the subject's, nor the other way round
    expect(links.open('sealed:4ur-USIFxuqvwnRfrDkSdlavjbIKpm-HQEpEf2fRmunINMopJQrBRCFApa9H8p2YSuU', subject)).toBeNull();
    expect(links.open('sealed:UFafAXvu71rQczxuO4_I-_O_P6GFSRvQbHbs-tGwI-u4MwekPnStcr0lzBrw1nghb8U', platform)).toBeNull();
  });

  it('made for one subject opens for that subject only, not for another person', () => {
    const links = createLinks(SECRET);
    const key = links.seal(ID, subject);
    expect(links.open(key, subject)).toBe(ID);
    expect(links.open(key, { ...subject, subject: ID })).toBeNull();
  });

  it('holds exactly an 18-character citizen ID: 17 or 19 characters, or none, are refused', () => {
    const links = createLinks(SECRET);
    for (const bad of [ID.slice(0, 17), `${ID}0`, '', `${ID}${ID}`]) expect(() => links.seal(bad, platform), bad).toThrow(RangeError);
    expect(links.open(links.seal('11010519491231002X', platform), platform)).toBe('11010519491231002X');
  });

  it('made on a clock a minute ahead still opens; one more than a minute ahead does not', () => {
    let now = 1_800_000_000;
    const links = createLinks(SECRET, () => now);
    const key = links.seal(ID, platform);
    now -= 60;
    expect(links.open(key, platform)).toBe(ID);
    now -= 1;
    expect(links.open(key, platform)).toBeNull();
  });

  it('opens to nothing when a byte is added or taken away', () => {
    const links = createLinks(SECRET);
    const raw = Buffer.from(links.seal(ID, platform).slice(SEALED_PREFIX.length), 'base64url');
    expect(links.open(SEALED_PREFIX + Buffer.concat([raw, Buffer.from([0])]).toString('base64url'), platform)).toBeNull();
    expect(links.open(SEALED_PREFIX + raw.subarray(0, raw.length - 1).toString('base64url'), platform)).toBeNull();
    expect(links.open(SEALED_PREFIX + raw.toString('base64url'), platform)).toBe(ID);
  });

  it('by the system clock opens right after it is made and not after the link lifetime', () => {
    const links = createLinks(SECRET);
    const key = links.seal(ID, platform);
    expect(links.open(key, platform)).toBe(ID);
    const later = createLinks(SECRET, () => Math.floor(Date.now() / 1000) + LINK_TTL_SECONDS + 5);
    expect(later.open(key, platform)).toBeNull();
    // made longer ago than that, by another subgraph's clock: the system clock says it has expired
    const old = createLinks(SECRET, () => Math.floor(Date.now() / 1000) - LINK_TTL_SECONDS - 5).seal(ID, platform);
    expect(links.open(old, platform)).toBeNull();
  });
});

describe('the link key of a subgraph', () => {
  it('is required in production: a subgraph refuses to start without HUB_LINK_KEY, and takes no short one', async () => {
    const { createSubgraph } = await import('../../subgraphs/shared/platform/createSubgraph.ts');
    const { loadConfig } = await import('../../subgraphs/shared/platform/config.ts');
    const { openStore } = await import('../../subgraphs/shared/platform/store/index.ts');
    const { subgraphIdentity } = await import('../../subgraphs/shared/wire/identity.ts');
    const { generateGatewayKeys } = await import('../../subgraphs/shared/wire/assertion.ts');
    const { fixedClock } = await import('../../subgraphs/shared/platform/clock.ts');
    const { SUBGRAPHS } = await import('../../subgraphs/index.ts');
    const ISSUER = { HUB_TOKEN_ISSUERS: 'https://idp.example' };
    expect(() => loadConfig({ NODE_ENV: 'production', ...ISSUER, HUB_LINK_KEY: 'too short' })).toThrow(/^HUB_LINK_KEY: must be a secret of at least 32 characters/);
    const config = loadConfig({ NODE_ENV: 'production', ...ISSUER });
    expect(config.linkSecret).toBeUndefined();
    const store = await openStore({ indexes: [] });
    try {
      const identity = subgraphIdentity(config, store, [], (await generateGatewayKeys()).jwks);
      await expect(createSubgraph(SUBGRAPHS.ecommerce, { store, clock: fixedClock('2026-12-01'), config, identity, factLocators: [] })).rejects.toThrow(/^HUB_LINK_KEY: required with NODE_ENV=production/);
    } finally {
      await store.close();
    }
  });
});
