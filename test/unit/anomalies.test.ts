/**
 * The anomaly rules over records given directly (subgraphs/persons/services/anomalies.ts): the
 * edges the hub-level suite does not reach — just below and at each threshold, bursts that touch
 * or merge, hours across midnight and in the hub's zone, records written before consent states
 * were kept, subject self-access.
 */
import { describe, expect, it } from 'vitest';
import { ANOMALY_RULES, detectAnomalies, type Licence, type ScannedRecord } from '../../subgraphs/persons/services/anomalies.ts';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';

const TZ = 'Asia/Shanghai';
let seq = 0;
const rec = (r: Partial<ScannedRecord> & { at: string }): ScannedRecord => ({
  requestId: `r${++seq}`,
  client: 'c',
  clientKind: 'BANK',
  subjects: [],
  consentStates: [],
  ...r,
});
const kinds = (records: ScannedRecord[], licences: Record<string, Licence> = {}) =>
  Object.fromEntries(detectAnomalies(records, new Map(Object.entries(licences)), TZ).map((c) => [c.client, c.anomalies.map((a) => a.kind)]));

const sameBirthday = (n: number) => Array.from({ length: n }, (_, i) => makeCitizenId('320104', '1991-03-05', 300 + i));

describe('thresholds', () => {
  it('ENUMERATION at 20 distinct IDs, not 19; the same ID asked twice counts once', () => {
    const ids = sameBirthday(ANOMALY_RULES.enumerationMinIds);
    expect(kinds([rec({ at: '2026-11-27T04:00:00Z', subjects: ids.slice(1), consentStates: ids.slice(1).map(() => null) })])).toEqual({});
    expect(kinds([rec({ at: '2026-11-27T04:00:00Z', subjects: ids.slice(1) }), rec({ at: '2026-11-27T04:00:01Z', subjects: [ids[1]!] })])).toEqual({});
    expect(kinds([rec({ at: '2026-11-27T04:00:00Z', subjects: ids.slice(1) }), rec({ at: '2026-11-27T04:00:01Z', subjects: [ids[0]!] })])).toEqual({ c: ['ENUMERATION'] });
  });

  it('NO_CONSENT counts NONE, EXPIRED and REVOKED together, never VALID, null or a record that kept no state', () => {
    const ids = sameBirthday(ANOMALY_RULES.noConsentMinSubjects).map((id, i) => makeCitizenId(`3201${String(i).padStart(2, '0')}`, `19${60 + i}-01-01`, 1));
    const states = ids.map((_, i) => (['NONE', 'EXPIRED', 'REVOKED'] as const)[i % 3]!);
    const report = detectAnomalies([rec({ at: '2026-11-27T04:00:00Z', subjects: ids, consentStates: states })], new Map(), TZ);
    expect(report[0]!.anomalies[0]).toMatchObject({ kind: 'NO_CONSENT', count: ids.length, groups: 3 });
    expect(kinds([rec({ at: '2026-11-27T04:00:00Z', subjects: ids, consentStates: ids.map(() => 'VALID') })])).toEqual({});
    expect(kinds([rec({ at: '2026-11-27T04:00:00Z', subjects: ids, consentStates: ids.map(() => null) })])).toEqual({});
    const { consentStates: _, ...old } = rec({ at: '2026-11-27T04:00:00Z', subjects: ids });
    expect(kinds([old as ScannedRecord])).toEqual({});
  });

  it('SCREENING_BURST: 20 calls within 60 s, not 20 calls spread over 61 s; overlapping windows make one burst', () => {
    const calls = (n: number, stepMs: number, from = Date.parse('2026-11-27T04:00:00Z')) =>
      Array.from({ length: n }, (_, i) => rec({ at: new Date(from + i * stepMs).toISOString(), screened: 2 }));
    const min = ANOMALY_RULES.screeningBurstMinCalls;
    const windowMs = ANOMALY_RULES.screeningBurstWindowSeconds * 1000;
    expect(kinds(calls(min, windowMs / (min - 1) + 10))).toEqual({});
    expect(kinds(calls(min - 1, 100))).toEqual({});
    const long = detectAnomalies(calls(3 * min, 1000), new Map(), TZ)[0]!.anomalies[0]!;
    expect(long).toMatchObject({ kind: 'SCREENING_BURST', count: 3 * min, groups: 1, evidence: [{ pattern: 'WINDOW', count: 6 * min, requests: 3 * min }] });
    const two = detectAnomalies([...calls(min, 100), ...calls(min, 100, Date.parse('2026-11-27T06:00:00Z'))], new Map(), TZ)[0]!.anomalies[0]!;
    expect(two).toMatchObject({ count: 2 * min, groups: 2 });
  });
});

describe('licences', () => {
  const night: Licence = { licensedHours: { from: '22:00', to: '06:00' } };
  it("reads the time on the hub's clock: 23:30 in Beijing is 15:30 UTC", () => {
    expect(kinds([rec({ at: '2026-11-27T15:30:00Z' })], { c: night })).toEqual({});
    expect(kinds([rec({ at: '2026-11-27T04:00:00Z' })], { c: night })).toEqual({ c: ['OUTSIDE_HOURS'] });
    // one request recorded by several subgraphs is one request
    const [r] = detectAnomalies([rec({ at: '2026-11-27T04:00:00Z', requestId: 'x' }), rec({ at: '2026-11-27T04:00:00.050Z', requestId: 'x' })], new Map([['c', night]]), TZ);
    expect(r!.anomalies[0]).toMatchObject({ count: 1, evidence: [{ pattern: 'HOUR', key: '12:00', count: 1 }] });
  });

  it('regions by the first 2, 4 or 6 digits; a client without a licence of hours or regions is never reported for them', () => {
    const subjects = ['320102198509231629', '320502198203174715'];
    expect(kinds([rec({ at: '2026-11-27T04:00:00Z', subjects })], { c: { licensedRegions: ['32'] } })).toEqual({});
    const [r] = detectAnomalies([rec({ at: '2026-11-27T04:00:00Z', subjects })], new Map([['c', { licensedRegions: ['3201'] }]]), TZ);
    expect(r!.anomalies[0]).toMatchObject({ kind: 'OUTSIDE_REGIONS', count: 1, evidence: [{ pattern: 'DIVISION', key: '320502', count: 1 }] });
    expect(kinds([rec({ at: '2026-11-27T16:00:00Z', subjects: ['11010519491231002X'] })])).toEqual({});
  });
});

it("a subject's own reading is no client's", () => {
  const ids = sameBirthday(30);
  expect(kinds([rec({ at: '2026-11-27T04:00:00Z', client: null, clientKind: 'SUBJECT', subjects: ids })])).toEqual({});
});
