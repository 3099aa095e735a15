/**
 * The hub's one date module (domain.md section 6, "The day"). A date is a calendar day in the
 * hub's time zone — Asia/Shanghai unless configured otherwise — written `YYYY-MM-DD`: a consent
 * valid until 2026-12-31 ends at midnight Beijing time, not at midnight UTC. Consents, display
 * periods, objections, repairs and identifier checks all take their days from here.
 *
 * The arithmetic is on day numbers (H. Hinnant's civil-date algorithms) rather than Date objects:
 * the seed converts a few hundred thousand dates and the read path a few per fact, and
 * toISOString dominated both profiles.
 */

/** Where the hub's facts are issued and its days are counted. */
/** A calendar day, `YYYY-MM-DD`: stored and compared as a string, alike in both stores. */
export type IsoDate = string;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Today's date decides what is valid and what has expired; tests inject a fixed clock. */
export interface Clock {
  now(): Date;
  /** the calendar day `now()` falls on, in `timeZone` */
  today(): IsoDate;
  readonly timeZone: string;
}

// ---------- day numbers ----------

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoOf(y: number, m: number, d: number): IsoDate {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function num(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** days since 1970-01-01 of a `YYYY-MM-DD` date */
export function toDays(iso: IsoDate): number {
  return daysFromCivil(num(iso, 0, 4), num(iso, 5, 7), num(iso, 8, 10));
}

export function fromDays(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return isoOf(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return fromDays(toDays(iso) + n);
}

/**
 * The n-th working day after a date: Monday to Friday. Statutory holidays and the weekend days
 * worked in their place are not modelled (they need the State Council's calendar of each year),
 * so a deadline across a holiday comes out earlier than the law's, never later.
 */
export function addWorkingDays(iso: IsoDate, n: number): IsoDate {
  let days = toDays(iso);
  for (let left = n; left > 0; ) {
    days++;
    // 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays, 6 on Saturdays
    const weekday = (((days + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return fromDays(days);
}

/** Adds calendar months; a day that does not exist in the target month becomes its last day. */
export function addMonths(iso: IsoDate, n: number): IsoDate {
  const months = num(iso, 0, 4) * 12 + num(iso, 5, 7) - 1 + n;
  const y = Math.floor(months / 12);
  const m = months - y * 12 + 1;
  return isoOf(y, m, Math.min(num(iso, 8, 10), daysInMonth(y, m)));
}

export function addYears(iso: IsoDate, n: number): IsoDate {
  return addMonths(iso, 12 * n);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** A real calendar date written YYYY-MM-DD, as every date argument of the API is. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const m = num(value, 5, 7);
  const d = num(value, 8, 10);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(num(value, 0, 4), m);
}

// ---------- the day in a time zone ----------

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    // throws a RangeError for a zone the runtime does not know: configuration checks it at start
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
}

/** The calendar day and wall-clock seconds of an instant in a time zone. */
function wallClock(ms: number, timeZone: string): { day: IsoDate; secondsIntoDay: number } {
  const parts: Record<string, string> = {};
  for (const p of formatFor(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    secondsIntoDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  };
}

/** The calendar day an instant falls on in a time zone. */
export function calendarDay(instant: Date | number, timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
  return wallClock(typeof instant === 'number' ? instant : instant.getTime(), timeZone).day;
}

/** Whole seconds from an instant to the next midnight in a time zone (taking each day as 24 hours). */
export function secondsToNextDay(instant: number, timeZone: string = DEFAULT_TIME_ZONE): number {
  return 86_400 - wallClock(instant, timeZone).secondsIntoDay;
}

/** The calendar day and the seconds into it of an instant on a zone's wall clock (licensed hours are read so). */
export function wallClockAt(instant: Date | number, timeZone: string = DEFAULT_TIME_ZONE): { day: IsoDate; secondsIntoDay: number } {
  return wallClock(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
}

/** Whether the runtime knows a time zone name (IANA, e.g. Asia/Shanghai). */
export function isTimeZone(name: string): boolean {
  try {
    formatFor(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Today in a zone, read from the system clock. Formatting a date costs a few microseconds and the
 * read path asks for today per fact, so the day is kept until the zone's next midnight (or at most
 * a minute, which bounds the error across a daylight-saving change in zones that have one).
 */
function dayCache(timeZone: string): () => IsoDate {
  let day = '';
  let validUntil = 0;
  return () => {
    const now = Date.now();
    if (now >= validUntil) {
      const w = wallClock(now, timeZone);
      day = w.day;
      validUntil = Math.min(now + 60_000, now + (86_400 - w.secondsIntoDay) * 1000 - (now % 1000));
    }
    return day;
  };
}

const todayIn = new Map<string, () => IsoDate>();

/** Today in a zone by the system clock (China Standard Time unless told otherwise). */
export function currentDay(timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
  let f = todayIn.get(timeZone);
  if (!f) todayIn.set(timeZone, (f = dayCache(timeZone)));
  return f();
}

export function systemClock(timeZone: string = DEFAULT_TIME_ZONE): Clock {
  formatFor(timeZone);
  return { now: () => new Date(), today: () => currentDay(timeZone), timeZone };
}

/** A clock stopped at an instant: `today()` is that instant's day in the zone. */
export function clockAt(instant: Date | string, timeZone: string = DEFAULT_TIME_ZONE): Clock {
  const at = new Date(instant);
  const day = calendarDay(at, timeZone);
  return { now: () => new Date(at), today: () => day, timeZone };
}

/** A clock stopped at noon of a day in the zone's own reckoning (tests fix the showcase's day). */
export function fixedClock(isoDate: IsoDate, timeZone: string = DEFAULT_TIME_ZONE): Clock {
  // 04:00 UTC is noon in Beijing and still the same calendar day from UTC−4 to UTC+14 (not further
  // west: in New York it is 23:00 the day before)
  return clockAt(`${isoDate}T04:00:00Z`, timeZone);
}
