/**
 * The day (domain.md section 6): dates are calendar days in China Standard Time, from one module.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addDays, addMonths, calendarDay, clockAt, currentDay, fixedClock, isIsoDate, isTimeZone, systemClock } from '../../subgraphs/shared/platform/clock.ts';
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
