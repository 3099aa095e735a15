/**
 * The change outbox (monitoring): each operation on a listing is one event about the person it is
 * about, or one for each person holding a role in the organisation it lists; events are put in once.
 */
import { describe, expect, it } from 'vitest';
import { INDEXES } from '../../subgraphs/collections.ts';
import { recordChanges } from '../../subgraphs/shared/facts/changes.ts';
import { EmbeddedStore } from '../../subgraphs/shared/platform/store/embedded.ts';
import { listingChanges } from '../../subgraphs/sanctions/services/changes.ts';
import type { SanctionEntryDoc } from '../../subgraphs/sanctions/documents.ts';

const PERSON = '320106198503021234';
const ORG = '91320106MA1W2K3L48';

function entry(over: Partial<SanctionEntryDoc>): SanctionEntryDoc {
  return {
    _id: 'R1',
    ref: 'R1',
    list: 'DISHONEST_JUDGMENT_DEBTOR',
    subject: PERSON,
    subjectKind: 'PERSON',
    subjectName: '某',
    authority: '法院',
    basis: 'b',
    severity: 'SERIOUS',
    decidedAt: '2026-11-20',
    status: 'ACTIVE',
    measures: ['AIR_TRAVEL'],
    publication: { publisher: 'court', version: 1, operation: 'PUBLISH', receivedAt: '2026-11-27T02:00:00.000Z', receivedOn: '2026-11-27', sourceDocument: 'd', contentHash: 'h', operationHash: 'o', applied: ['o'] },
    ...over,
  };
}

describe('listing changes', () => {
  it('one event per operation on a person, under the list class, keyed by ref and version', async () => {
    const store = new EmbeddedStore();
    const [e] = await listingChanges(store, [entry({})]);
    expect(e).toMatchObject({ _id: 'sanctions:R1#1', subject: PERSON, type: 'LISTED', cls: 'COURT_LIST', fanOut: 'PENDING', fact: { ref: 'R1', list: 'DISHONEST_JUDGMENT_DEBTOR', measures: ['AIR_TRAVEL'] } });
    const [revoked] = await listingChanges(store, [entry({ status: 'REVOKED', publication: { ...entry({}).publication!, version: 2, operation: 'REVOKE' } })]);
    expect(revoked).toMatchObject({ _id: 'sanctions:R1#2', type: 'REVOKED' });
  });

  it("an organisation's listing with measures reaches each officer; one without measures reaches nobody; entries loaded without publishing make none", async () => {
    const store = new EmbeddedStore();
    await store.ensureIndexes(INDEXES);
    await store.collection('officers').insertMany([
      { _id: `${ORG}:${PERSON}:LEGAL_REPRESENTATIVE`, enterprise: ORG, person: PERSON, name: '某', role: 'LEGAL_REPRESENTATIVE', since: '2020-01-01' },
      { _id: `other:${PERSON}:DIRECTOR`, enterprise: '91320505MA1P7Q8R2P', person: PERSON, name: '某', role: 'DIRECTOR', since: '2020-01-01' },
    ]);
    const org = { subject: ORG, subjectKind: 'ORGANISATION' as const, list: 'MAJOR_TAX_VIOLATION' as const };
    const events = await listingChanges(store, [entry(org), entry({ ...org, _id: 'R2', list: 'ADMINISTRATIVE_PENALTY', measures: [] }), entry({ _id: 'R3', publication: undefined })]);
    expect(events.map((e) => [e.subject, e.type, e.cls, e.fact.organisation, e.fact.role])).toEqual([[PERSON, 'RESTRICTION_VIA_ORGANISATION', 'TAX_VIOLATION', ORG, 'LEGAL_REPRESENTATIVE']]);
  });

  it('puts an event in the outbox once, however often it is recorded', async () => {
    const store = new EmbeddedStore();
    await store.ensureIndexes(INDEXES);
    const events = await listingChanges(store, [entry({})]);
    await recordChanges(store, events);
    await store.collection('changeEvents').updateOne({ _id: events[0]!._id }, { $set: { fanOut: 'DONE' } });
    await recordChanges(store, [...events, ...events]);
    expect(await store.collection('changeEvents').find({})).toEqual([{ ...events[0], fanOut: 'DONE' }]);
  });
});
