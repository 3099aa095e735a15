/**
 * The day (domain.md section 6): dates are calendar days in China Standard Time, from one module.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addDays,
  addMonths,
  addWorkingDays,
  addYears,
  calendarDay,
  clockAt,
  currentDay,
  daysInMonth,
  fixedClock,
  fromDays,
  isIsoDate,
  isTimeZone,
  maxDate,
  minDate,
  secondsToNextDay,
  systemClock,
  toDays,
  wallClockAt,
} from '../../subgraphs/shared/platform/clock.ts';
import { loadConfig, ConfigError } from '../../subgraphs/shared/platform/config.ts';

afterEach(() => vi.useRealTimers());

describe('the day', () => {
  it('is the calendar day in Beijing: 16:00 UTC is already the next day there', () => {
    expect(calendarDay(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(calendarDay(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(clockAt('2026-12-31T16:00:00Z').today()).toBe('2027-01-01');
  });

  it('follows a configured zone instead', () => {
    expect(calendarDay(new Date('2026-12-31T16:00:00Z'), 'UTC')).toBe('2026-12-31');
    expect(clockAt('2026-12-31T16:00:00Z', 'America/New_York').today()).toBe('2026-12-31');
    expect(loadConfig({ HUB_TIMEZONE: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
    expect(loadConfig({}).timeZone).toBe('Asia/Shanghai');
    expect(() => loadConfig({ HUB_TIMEZONE: 'Mars/Olympus' })).toThrow(ConfigError);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it("by the system clock turns at Beijing midnight, not at the cache's leisure", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2027-03-09T15:59:59.500Z'));
    const clock = systemClock();
    expect(clock.today()).toBe('2027-03-09');
    vi.setSystemTime(new Date('2027-03-09T16:00:00.000Z'));
    expect(clock.today()).toBe('2027-03-10');
    expect(currentDay('UTC')).toBe('2027-03-09');
  });

  it('of a fixed clock is the day it is fixed to, in Beijing and in UTC', () => {
    expect(fixedClock('2026-11-27').today()).toBe('2026-11-27');
    expect(fixedClock('2026-11-27').now().toISOString().slice(0, 10)).toBe('2026-11-27');
  });
});

describe('date arithmetic', () => {
  it('adds days across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('adds months keeping the day, or the month\'s last day when it has none', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-08-31', -6)).toBe('2026-02-28');
    expect(addMonths('2026-11-27', 36)).toBe('2029-11-27');
  });

  it('knows a real date from a malformed or impossible one', () => {
    for (const ok of ['2026-02-28', '2024-02-29', '2000-02-29']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-01', '20261201', '']) expect(isIsoDate(bad), bad).toBe(false);
  });
});

describe('the day, rule by rule', () => {
  it('a day number counts from 1 January 1970 and agrees with the calendar for every day of years 1000 to 9999', () => {
    expect(toDays('1970-01-01')).toBe(0);
    expect(fromDays(0)).toBe('1970-01-01');
    expect(toDays('1969-12-31')).toBe(-1);
    // every 997th day over nine millennia, against the runtime's own proleptic Gregorian calendar
    const wrong: string[] = [];
    for (let d = toDays('1000-01-01'); d <= toDays('9999-12-31'); d += 997) {
      const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
      if (fromDays(d) !== iso || toDays(iso) !== d) wrong.push(`${d} ${iso} ${fromDays(d)} ${toDays(iso)}`);
    }
    // and every day around a leap century's turn, 1999 to 2001, and around 1900 (no leap day)
    for (const [from, to] of [['1999-12-01', '2001-03-31'], ['1899-12-01', '1900-03-31']] as const) {
      for (let d = toDays(from); d <= toDays(to); d++) {
        const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
        if (fromDays(d) !== iso || toDays(iso) !== d) wrong.push(`${d} ${iso} ${fromDays(d)} ${toDays(iso)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('February has 29 days in a leap year (every fourth, centuries only when divisible by 400) and 28 otherwise', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });

  it('31 June is not a date, nor day 00 or day 32, nor month 00 or 13; 31 December and 31 January are', () => {
    for (const ok of ['2026-12-31', '2026-01-31', '2026-01-01', '2026-07-31', '2026-09-30']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ['2026-06-31', '2026-09-31', '2026-11-31', '2026-12-00', '2026-12-32', '2026-00-01', '2026-13-01']) expect(isIsoDate(bad), bad).toBe(false);
  });

  it('a date argument is exactly YYYY-MM-DD: nothing before it (not even another date), nothing after it, digits only', () => {
    for (const bad of ['x2026-12-01', '2026-12-012026-12-01', '2026-12-01x', '2026-12-01T00:00', ' 2026-12-01', '2026-12-0a', '202a-12-01', '2026/12/01']) expect(isIsoDate(bad), bad).toBe(false);
  });

  it('a deadline in working days skips Saturdays and Sundays', () => {
    // 2026-12-01 is a Tuesday, 2026-12-04 a Friday
    expect(addWorkingDays('2026-12-01', 0)).toBe('2026-12-01');
    expect(addWorkingDays('2026-12-01', 1)).toBe('2026-12-02');
    expect(addWorkingDays('2026-12-01', 3)).toBe('2026-12-04');
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-06', 1)).toBe('2026-12-07');
    expect(addWorkingDays('2026-12-01', 10)).toBe('2026-12-15');
    // before 1970 too (negative day numbers): 1969-12-26 was a Friday
    expect(addWorkingDays('1969-12-26', 1)).toBe('1969-12-29');
    expect(addWorkingDays('1969-12-27', 1)).toBe('1969-12-29');
  });

  it('a year after 29 February is 28 February; four years after, 29 February again', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2026-12-01', -3)).toBe('2023-12-01');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2027-01-15', -1)).toBe('2026-12-15');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
  });

  it('the earlier and the later of two days', () => {
    expect(minDate('2026-12-01', '2026-11-30')).toBe('2026-11-30');
    expect(minDate('2026-11-30', '2026-12-01')).toBe('2026-11-30');
    expect(maxDate('2026-12-01', '2026-11-30')).toBe('2026-12-01');
    expect(maxDate('2026-11-30', '2026-12-01')).toBe('2026-12-01');
  });

  it('reads the wall clock in Beijing: 04:30:15 UTC is 12:30:15 there, the same day', () => {
    expect(wallClockAt(new Date('2026-12-01T04:30:15Z'))).toEqual({ day: '2026-12-01', secondsIntoDay: 12 * 3600 + 30 * 60 + 15 });
    expect(wallClockAt(Date.parse('2026-12-01T16:00:01Z'))).toEqual({ day: '2026-12-02', secondsIntoDay: 1 });
    expect(wallClockAt(Date.parse('2026-12-01T04:30:15Z'), 'UTC')).toEqual({ day: '2026-12-01', secondsIntoDay: 4 * 3600 + 30 * 60 + 15 });
    expect(calendarDay(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('counts the seconds to the next Beijing midnight', () => {
    expect(secondsToNextDay(Date.parse('2026-12-01T15:59:59Z'))).toBe(1);
    expect(secondsToNextDay(Date.parse('2026-12-01T16:00:00Z'))).toBe(86_400);
    expect(secondsToNextDay(Date.parse('2026-12-01T04:00:00Z'))).toBe(43_200);
    expect(secondsToNextDay(Date.parse('2026-12-01T04:00:00Z'), 'UTC')).toBe(72_000);
  });

  it('by the system clock turns at the real midnight even on the day the clocks go forward (the day is read again within a minute)', () => {
    vi.useFakeTimers();
    // Berlin, 28 March 2027: 02:00 CET becomes 03:00 CEST, a 23-hour day; midnight is 22:00 UTC
    vi.setSystemTime(new Date('2027-03-27T23:30:00Z'));
    expect(currentDay('Europe/Berlin')).toBe('2027-03-28');
    vi.setSystemTime(new Date('2027-03-28T22:30:00Z'));
    expect(currentDay('Europe/Berlin')).toBe('2027-03-29');
  });

  it('a system clock for a zone the runtime does not know is refused at once; one for a known zone reads the current time', () => {
    expect(() => systemClock('Mars/Olympus')).toThrow(RangeError);
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2027-04-01T20:00:00Z'));
    const clock = systemClock('UTC');
    expect(clock.timeZone).toBe('UTC');
    expect(clock.now().toISOString()).toBe('2027-04-01T20:00:00.000Z');
    expect(clock.today()).toBe('2027-04-01');
    expect(systemClock().today()).toBe('2027-04-02');
  });

  it('a fixed clock is on its day in every zone from UTC−4 to UTC+14', () => {
    for (const zone of ['America/Santiago', 'UTC', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
      const clock = fixedClock('2026-12-01', zone);
      expect(clock.today(), zone).toBe('2026-12-01');
      expect(clock.timeZone).toBe(zone);
    }
    const stopped = clockAt('2026-12-01T16:00:00Z');
    expect(stopped.now().toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(stopped.timeZone).toBe('Asia/Shanghai');
  });
});
