/**
 * The regulator's search of the audit log (domain.md section 8: "a regulator reads any"), by
 * client, subject, purpose and period. The log stores the records of one answer grouped (a batch
 * of a thousand applicants is a handful of documents), and each subgraph its own part of an
 * answer; the search answers as the subject's own queryRecords does: one entry per subject and
 * request, the parts of one request merged. Query records are RECORDS-class facts about their
 * subject: every entry is held by its subject, so the matrix decides each of its fields (a
 * regulator reads them in full) and reading it is written to that subject's own record.
 */
import { addDays, calendarDay } from '../../shared/platform/clock.ts';
import { oneEntryPerRequest, perSubject, type SubjectRecord } from '../../shared/platform/audit.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import type { Filter } from '../../shared/platform/store/port.ts';
import { hold, person } from '../../shared/facts/subjects.ts';
import { PURPOSES, type Purpose } from '../../shared/wire/purposes.ts';
import type { Context } from '../loaders.ts';
import type { QueryRecordModel } from '../mappers.ts';
import { personsRepository } from '../repository.ts';
import { dayArg, pageInfo, pageOf, subjectArg, type PageArgs } from './desk.ts';

/** The most stored records one search may read: beyond it, the search asks for a narrower filter. */
export const MAX_SEARCHED_RECORDS = 10_000;
/** The most entries (one per subject and request) one search may merge. */
export const MAX_SEARCHED_ENTRIES = 200_000;
const MAX_CLIENT = 100;

export interface AuditRecordsFilter {
  client?: string | null;
  subject?: string | null;
  purpose?: string | null;
  from?: string | null;
  to?: string | null;
}

interface Criteria {
  client?: string;
  subject?: string;
  purpose?: Purpose;
  from?: string;
  to?: string;
}

function criteriaOf(filter: AuditRecordsFilter | null | undefined): Criteria {
  const f = filter ?? {};
  const out: Criteria = {};
  if (f.client !== null && f.client !== undefined) {
    const client = f.client.trim();
    if (client.length < 1 || client.length > MAX_CLIENT) throw badUserInput(`filter.client must be a client id of 1 to ${MAX_CLIENT} characters.`, { argument: 'filter.client' });
    out.client = client;
  }
  const subject = subjectArg(f.subject, 'filter.subject');
  if (subject) out.subject = subject;
  if (f.purpose !== null && f.purpose !== undefined) {
    if (!PURPOSES.includes(f.purpose as Purpose)) throw badUserInput(`filter.purpose "${f.purpose.slice(0, 40)}" is not a purpose: use ${PURPOSES.join(', ')}.`, { argument: 'filter.purpose' });
    out.purpose = f.purpose as Purpose;
  }
  const from = dayArg(f.from, 'filter.from');
  const to = dayArg(f.to, 'filter.to');
  if (from && to && from > to) throw badUserInput(`filter.from (${from}) is after filter.to (${to}).`, { argument: 'filter.from' });
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

/**
 * The store filter: exact on client, subject and purpose; on the period, a range of instants a day
 * wider on each side than the days asked (a record's day is its day in the hub's time zone, which
 * is decided record by record below), so no record of the period is left out.
 */
function storeFilter(c: Criteria): Filter {
  const at: Record<string, string> = {};
  if (c.from) at.$gte = `${addDays(c.from, -1)}T00:00:00.000Z`;
  if (c.to) at.$lt = `${addDays(c.to, 2)}T00:00:00.000Z`;
  return {
    ...(c.client ? { client: c.client } : {}),
    ...(c.subject ? { subjects: c.subject } : {}),
    ...(c.purpose ? { purpose: c.purpose } : {}),
    ...(Object.keys(at).length ? { at } : {}),
  };
}

const tooMany = (n: number, what: string, max: number) =>
  badUserInput(`${n} ${what} match this search; at most ${max} can be searched at once: narrow it by period (filter.from, filter.to), client or subject.`, {
    argument: 'filter',
    matched: n,
  });

export async function auditRecords(ctx: Context, filter: AuditRecordsFilter | null | undefined, args: PageArgs) {
  const { offset, limit } = pageOf(args);
  const c = criteriaOf(filter);
  const repo = personsRepository(ctx.store);
  const query = storeFilter(c);
  const stored = await repo.countRecords(query);
  if (stored > MAX_SEARCHED_RECORDS) throw tooMany(stored, 'stored records', MAX_SEARCHED_RECORDS);
  const tz = ctx.clock.timeZone;
  const inPeriod = (at: string) => {
    if (!c.from && !c.to) return true;
    const day = calendarDay(new Date(at), tz);
    return (!c.from || day >= c.from) && (!c.to || day <= c.to);
  };
  const entries: SubjectRecord[] = [];
  for (const r of await repo.findRecords(query)) {
    if (!inPeriod(r.at)) continue;
    for (const e of perSubject(r)) {
      if (c.subject && e.subject !== c.subject) continue;
      entries.push(e);
    }
    if (entries.length > MAX_SEARCHED_ENTRIES) throw tooMany(entries.length, 'entries', MAX_SEARCHED_ENTRIES);
  }
  // one entry per subject and request, as the subject reads their own (the merge keys by request)
  const bySubject = new Map<string, SubjectRecord[]>();
  for (const e of entries) {
    const list = bySubject.get(e.subject);
    if (list) list.push(e);
    else bySubject.set(e.subject, [e]);
  }
  const merged = [...bySubject.values()].flatMap((list) => oneEntryPerRequest(list));
  merged.sort((a, b) => b.at.localeCompare(a.at) || a.requestId.localeCompare(b.requestId) || a.subject.localeCompare(b.subject));
  const page = merged.slice(offset, offset + limit);
  const items: QueryRecordModel[] = page.map((e) => hold(person(e.subject), [e])[0]!);
  return {
    total: merged.length,
    subjects: bySubject.size,
    requests: new Set(merged.map((e) => e.requestId)).size,
    ...pageInfo(offset, items.length, merged.length),
    items,
  };
}
