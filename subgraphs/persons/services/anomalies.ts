/**
 * The regulator's anomaly report (issue 13, item 5): the clients whose queries over a period look
 * like abuse, read from the audit log, each with its evidence. Who may read it is the actions
 * table's (SUPERVISION only); what it shows never includes a full citizen ID, a person's name or
 * a fact's value — counts, instants, masked ID forms and division codes only.
 *
 * One scan of the period's records (the `{ client, at }` or `{ at }` index, only the fields the
 * rules read), bounded by the period (at most 31 days) and by the records it may examine; then
 * every rule runs over the scanned rows in memory, per client.
 */
import { addDays, calendarDay, toDays, wallClockAt } from '../../shared/platform/clock.ts';
import type { ConsentOutcome, QueryRecordDoc } from '../../shared/platform/audit.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { maskCitizenId } from '../../shared/platform/ids.ts';
import type { Filter } from '../../shared/platform/store/port.ts';
import { withinLicensedHours, withinLicensedRegions, type ClientDoc } from '../../shared/wire/registry.ts';
import type { Context } from '../loaders.ts';
import { personsRepository } from '../repository.ts';
import { dayArg, pageInfo, pageOf, type PageArgs } from './desk.ts';

/**
 * The thresholds, one per kind (README, "Anomalies"). A client is reported for a kind when, within
 * the period asked:
 */
export const ANOMALY_RULES = {
  /**
   * ENUMERATION: it asked about at least this many distinct citizen IDs that share one masked form
   * (the same characters 1–6 and 15–18: they differ only in the birth date the mask hides, the walk
   * that turns a published masked ID into a full one), or that share characters 1–14 (they differ
   * only in the sequence number and check character: a walk through the people born on one day in
   * one district).
   */
  enumerationMinIds: 20,
  /** NO_CONSENT: it asked, under a purpose that needs consent, about at least this many distinct persons whose consent was missing, expired or revoked. */
  noConsentMinSubjects: 20,
  /** SCREENING_BURST: it made at least this many screening calls within any window of `screeningBurstWindowSeconds`. */
  screeningBurstMinCalls: 20,
  screeningBurstWindowSeconds: 60,
  /** OUTSIDE_HOURS: at least this many of its requests fell outside its licensed hours, on the hub's clock. */
  outsideHoursMinRequests: 1,
  /** OUTSIDE_REGIONS: it asked about at least this many distinct persons whose division is outside its licensed regions. */
  outsideRegionsMinSubjects: 1,
} as const;

export type AnomalyRules = { readonly [K in keyof typeof ANOMALY_RULES]: number };

/** The longest period one report covers, in days, and the period when none is asked. */
export const MAX_PERIOD_DAYS = 31;
export const DEFAULT_PERIOD_DAYS = 7;
/** The most stored records one report may examine: beyond it, it asks for a shorter period or one client. */
export const MAX_SCANNED_RECORDS = 100_000;
/** The most subjects those records may name in all (a batch's record names many): the bound on the report's memory. */
export const MAX_SCANNED_SUBJECTS = 500_000;
/** The most groups of evidence listed per anomaly (`groups` says how many there are). */
export const MAX_EVIDENCE = 20;
const MAX_EXAMPLES = 5;
const MAX_CLIENT = 100;

export const ANOMALY_KINDS = ['ENUMERATION', 'NO_CONSENT', 'SCREENING_BURST', 'OUTSIDE_HOURS', 'OUTSIDE_REGIONS'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface EvidenceModel {
  pattern: string;
  key: string;
  count: number;
  requests: number;
  first: string;
  last: string;
  examples: string[];
}

export interface AnomalyModel {
  kind: AnomalyKind;
  rule: string;
  count: number;
  requests: number;
  first: string;
  last: string;
  groups: number;
  evidence: EvidenceModel[];
}

export interface ClientAnomaliesModel {
  client: string;
  clientKind: string;
  anomalies: AnomalyModel[];
}

/** A scanned record: what the rules read. */
export type ScannedRecord = Pick<QueryRecordDoc, 'at' | 'requestId' | 'client' | 'clientKind' | 'subjects' | 'consentStates' | 'screened'>;

/** A client's licence as the rules read it: the registry's entry now. */
export type Licence = Pick<ClientDoc, 'licensedHours' | 'licensedRegions'>;

const CITIZEN_ID = /^\d{17}[\dX]$/;

/** Distinct members and requests of one group of evidence, and its first and last request. */
class Group {
  readonly members = new Set<string>();
  readonly requests = new Set<string>();
  first = '';
  last = '';
  /** what the group counts when it is not its members (subjects screened) */
  tally = 0;
  /** its records, where each is one call (screenings: one request may carry several under aliases, and a test's requests may share an id) */
  calls = 0;

  add(member: string | null, requestId: string, at: string): void {
    if (member !== null) this.members.add(member);
    this.requests.add(requestId);
    if (!this.first || at < this.first) this.first = at;
    if (at > this.last) this.last = at;
  }
}

function bump(groups: Map<string, Group>, key: string): Group {
  let g = groups.get(key);
  if (!g) groups.set(key, (g = new Group()));
  return g;
}

/** What one client's records add up to. */
class ClientTally {
  clientKind = '';
  readonly maskedForms = new Map<string, Group>();
  readonly serials = new Map<string, Group>();
  readonly withoutConsent = new Map<string, Group>();
  readonly divisions = new Map<string, Group>();
  /** each request, at its earliest record */
  readonly requests = new Map<string, string>();
  readonly screenings: { at: string; requestId: string; screened: number }[] = [];
}

/** An anomaly made of its groups: the totals over the groups, the largest listed first. */
function anomalyOf(kind: AnomalyKind, rule: string, groups: [string, Group][], count: number, examples?: (pattern: string, g: Group) => string[]): AnomalyModel {
  const requests = new Set<string>();
  let first = '';
  let last = '';
  for (const [, g] of groups) {
    for (const r of g.requests) requests.add(r);
    if (!first || g.first < first) first = g.first;
    if (g.last > last) last = g.last;
  }
  const size = (g: Group) => g.tally || g.members.size || g.requests.size;
  const sorted = [...groups].sort(([ka, a], [kb, b]) => size(b) - size(a) || ka.localeCompare(kb));
  return {
    kind,
    rule,
    count,
    requests: requests.size,
    first,
    last,
    groups: groups.length,
    evidence: sorted.slice(0, MAX_EVIDENCE).map(([group, g]) => {
      // a group is named `PATTERN|key`
      const [pattern = '', key = ''] = group.split('|');
      return { pattern, key, count: size(g), requests: g.calls || g.requests.size, first: g.first, last: g.last, examples: examples ? examples(pattern, g) : [] };
    }),
  };
}

/** The bursts in a client's screening calls: maximal runs covered by windows holding at least the threshold of calls. */
function bursts(calls: ClientTally['screenings'], rules: AnomalyRules): [string, Group][] {
  const sorted = [...calls].sort((a, b) => a.at.localeCompare(b.at) || a.requestId.localeCompare(b.requestId));
  const times = sorted.map((c) => Date.parse(c.at));
  const windowMs = rules.screeningBurstWindowSeconds * 1000;
  const runs: [number, number][] = [];
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && times[j]! - times[i]! < windowMs) j++;
    if (j - i < rules.screeningBurstMinCalls) continue;
    const run = runs.at(-1);
    if (run && i <= run[1]) run[1] = Math.max(run[1], j - 1);
    else runs.push([i, j - 1]);
  }
  return runs.map(([from, to]) => {
    const g = new Group();
    for (const c of sorted.slice(from, to + 1)) {
      g.add(null, c.requestId, c.at);
      g.tally += c.screened;
      g.calls++;
    }
    return [`WINDOW|${g.first}`, g] as [string, Group];
  });
}

/** Every rule over the scanned records of a period, per client. */
export function detectAnomalies(records: Iterable<ScannedRecord>, licences: ReadonlyMap<string, Licence>, timeZone: string, rules: AnomalyRules = ANOMALY_RULES): ClientAnomaliesModel[] {
  const tallies = new Map<string, ClientTally>();
  for (const r of records) {
    if (!r.client) continue; // a subject reading their own file is no client
    let t = tallies.get(r.client);
    if (!t) tallies.set(r.client, (t = new ClientTally()));
    t.clientKind ||= r.clientKind;
    const seen = t.requests.get(r.requestId);
    if (!seen || r.at < seen) t.requests.set(r.requestId, r.at);
    if (r.screened) t.screenings.push({ at: r.at, requestId: r.requestId, screened: r.screened });
    const regions = licences.get(r.client)?.licensedRegions;
    r.subjects.forEach((code, i) => {
      if (!CITIZEN_ID.test(code)) return;
      bump(t.maskedForms, maskCitizenId(code)).add(code, r.requestId, r.at);
      bump(t.serials, code.slice(0, 14)).add(code, r.requestId, r.at);
      const state: ConsentOutcome | null | undefined = r.consentStates?.[i];
      if (state && state !== 'VALID') bump(t.withoutConsent, state).add(code, r.requestId, r.at);
      if (regions && !withinLicensedRegions(regions, code)) bump(t.divisions, code.slice(0, 6)).add(code, r.requestId, r.at);
    });
  }

  const out: ClientAnomaliesModel[] = [];
  for (const [client, t] of tallies) {
    const anomalies: AnomalyModel[] = [];
    const licence = licences.get(client) ?? {};

    const walked = [
      ...[...t.maskedForms].filter(([, g]) => g.members.size >= rules.enumerationMinIds).map(([k, g]) => [`MASKED_FORM|${k}`, g] as [string, Group]),
      ...[...t.serials].filter(([, g]) => g.members.size >= rules.enumerationMinIds).map(([k, g]) => [`SERIAL|${k.slice(0, 6)}${'*'.repeat(12)}`, g] as [string, Group]),
    ];
    if (walked.length) {
      const ids = new Set(walked.flatMap(([, g]) => [...g.members]));
      const rule = `at least ${rules.enumerationMinIds} distinct citizen IDs sharing one masked form (characters 1–6 and 15–18) or characters 1–14`;
      // a SERIAL group's key masks the birth date its IDs share: a few masked IDs show the sequence numbers walked
      const examples = (pattern: string, g: Group) => (pattern === 'SERIAL' ? [...g.members].sort().slice(0, MAX_EXAMPLES).map(maskCitizenId) : []);
      anomalies.push(anomalyOf('ENUMERATION', rule, walked, ids.size, examples));
    }

    const without = new Set([...t.withoutConsent.values()].flatMap((g) => [...g.members]));
    if (without.size >= rules.noConsentMinSubjects) {
      const rule = `at least ${rules.noConsentMinSubjects} distinct persons asked about without a valid consent where the purpose needs one`;
      anomalies.push(anomalyOf('NO_CONSENT', rule, [...t.withoutConsent].map(([state, g]) => [`${state}|${state}`, g] as [string, Group]), without.size));
    }

    const runs = bursts(t.screenings, rules);
    if (runs.length) {
      const calls = runs.reduce((n, [, g]) => n + g.calls, 0);
      const rule = `at least ${rules.screeningBurstMinCalls} screening calls within ${rules.screeningBurstWindowSeconds} s`;
      anomalies.push(anomalyOf('SCREENING_BURST', rule, runs, calls));
    }

    if (licence.licensedHours) {
      const hours = new Map<string, Group>();
      for (const [requestId, at] of t.requests) {
        const { secondsIntoDay } = wallClockAt(Date.parse(at), timeZone);
        if (withinLicensedHours(licence.licensedHours, secondsIntoDay)) continue;
        const hour = Math.floor(secondsIntoDay / 3600);
        bump(hours, `HOUR|${hour < 10 ? '0' : ''}${hour}:00`).add(null, requestId, at);
      }
      const outside = [...hours.values()].reduce((n, g) => n + g.requests.size, 0);
      if (outside >= Math.max(1, rules.outsideHoursMinRequests)) {
        const { from, to } = licence.licensedHours;
        anomalies.push(anomalyOf('OUTSIDE_HOURS', `at least ${rules.outsideHoursMinRequests} request(s) outside the licensed hours ${from}-${to} (${timeZone})`, [...hours], outside));
      }
    }

    if (licence.licensedRegions) {
      const persons = new Set([...t.divisions.values()].flatMap((g) => [...g.members]));
      if (persons.size >= Math.max(1, rules.outsideRegionsMinSubjects)) {
        const rule = `at least ${rules.outsideRegionsMinSubjects} person(s) asked about outside the licensed regions ${licence.licensedRegions.join(', ')}`;
        anomalies.push(anomalyOf('OUTSIDE_REGIONS', rule, [...t.divisions].map(([division, g]) => [`DIVISION|${division}`, g] as [string, Group]), persons.size));
      }
    }

    if (anomalies.length) out.push({ client, clientKind: t.clientKind, anomalies });
  }
  return out;
}

export interface AnomalyFilter {
  client?: string | null;
  kind?: string | null;
  from?: string | null;
  to?: string | null;
}

interface Criteria {
  client?: string;
  kind?: AnomalyKind;
  from: string;
  to: string;
}

function criteriaOf(filter: AnomalyFilter | null | undefined, today: string): Criteria {
  const f = filter ?? {};
  const out: Partial<Criteria> = {};
  if (f.client !== null && f.client !== undefined) {
    const client = f.client.trim();
    if (client.length < 1 || client.length > MAX_CLIENT) throw badUserInput(`filter.client must be a client id of 1 to ${MAX_CLIENT} characters.`, { argument: 'filter.client' });
    out.client = client;
  }
  if (f.kind !== null && f.kind !== undefined) {
    if (!(ANOMALY_KINDS as readonly string[]).includes(f.kind)) throw badUserInput(`filter.kind must be one of ${ANOMALY_KINDS.join(', ')}.`, { argument: 'filter.kind' });
    out.kind = f.kind as AnomalyKind;
  }
  const to = dayArg(f.to, 'filter.to') ?? today;
  const from = dayArg(f.from, 'filter.from') ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw badUserInput(`filter.from (${from}) is after filter.to (${to}).`, { argument: 'filter.from' });
  const days = toDays(to) - toDays(from) + 1;
  if (days > MAX_PERIOD_DAYS) throw badUserInput(`the period is ${days} days; one report covers at most ${MAX_PERIOD_DAYS}: ask for a shorter one (filter.from, filter.to).`, { argument: 'filter' });
  return { ...out, from, to };
}

/**
 * The store filter: the client if one is asked, and a range of instants a day wider on each side
 * than the days asked (a record's day is its day in the hub's time zone, decided record by record).
 */
function storeFilter(c: Criteria): Filter {
  return { ...(c.client ? { client: c.client } : {}), at: { $gte: `${addDays(c.from, -1)}T00:00:00.000Z`, $lt: `${addDays(c.to, 2)}T00:00:00.000Z` } };
}

export async function clientAnomalies(ctx: Context, filter: AnomalyFilter | null | undefined, args: PageArgs) {
  const { offset, limit } = pageOf(args);
  const tz = ctx.clock.timeZone;
  const c = criteriaOf(filter, ctx.clock.today());
  const repo = personsRepository(ctx.store);
  const query = storeFilter(c);
  const stored = await repo.countRecords(query);
  if (stored > MAX_SCANNED_RECORDS) {
    throw badUserInput(`${stored} stored records fall in this period; one report examines at most ${MAX_SCANNED_RECORDS}: ask for a shorter period or one client (filter.client).`, {
      argument: 'filter',
      matched: stored,
    });
  }
  const inPeriod: ScannedRecord[] = [];
  let named = 0;
  for (const r of await repo.scanRecords(query)) {
    const day = calendarDay(new Date(r.at), tz);
    if (day < c.from || day > c.to) continue;
    inPeriod.push(r);
    named += r.subjects.length;
  }
  if (named > MAX_SCANNED_SUBJECTS) {
    throw badUserInput(`the records of this period name ${named} subjects; one report examines at most ${MAX_SCANNED_SUBJECTS}: ask for a shorter period or one client (filter.client).`, {
      argument: 'filter',
      matched: named,
    });
  }
  const clients = [...new Set(inPeriod.map((r) => r.client).filter((x): x is string => !!x))];
  const licences = new Map((clients.length ? await repo.clients(clients) : []).map((doc) => [doc._id, doc] as const));
  const found = detectAnomalies(inPeriod, licences, tz)
    .map((a) => (c.kind ? { ...a, anomalies: a.anomalies.filter((x) => x.kind === c.kind) } : a))
    .filter((a) => a.anomalies.length > 0)
    .sort((a, b) => b.anomalies.length - a.anomalies.length || a.client.localeCompare(b.client));
  const items = found.slice(offset, offset + limit);
  return { from: c.from, to: c.to, scanned: inPeriod.length, total: found.length, ...pageInfo(offset, items.length, found.length), items };
}
