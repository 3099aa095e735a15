/**
 * A citizen ID's birth date may be today in China, never tomorrow (domain.md section 3: the birth
 * date must be a real date; section 6: days are calendar days in China Standard Time).
 *
 * ids.ts remembers today's date for a minute. These tests share one copy of the module, so each
 * sets the clock more than a minute after the one before, and nothing else in this file reads the
 * real clock through it: no test inherits another's day. (Loading the module afresh per test
 * would do as well, but would make the module's load-time code look covered by these tests alone
 * to the mutation run.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeCitizenId, validateCitizenId } from '../../subgraphs/shared/platform/ids.ts';

const bornOn = (isoDate: string) => makeCitizenId('320106', isoDate, 352);

function clockAt(iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a birth date may be today in China, never tomorrow', () => {
  // 28 November 2026 begins in Beijing at 2026-11-27T16:00Z.
  it('one second before midnight in Beijing, today (27 November) is accepted and tomorrow refused', () => {
    clockAt('2026-11-27T15:59:59Z');
    expect(validateCitizenId(bornOn('2026-11-27'))).toBeNull();
    expect(validateCitizenId(bornOn('2026-11-28'))).toMatchObject({ code: 'DATE', position: 7, message: 'birth date 20261128 is in the future' });
  });

  it('at midnight in Beijing, while it is still the day before in UTC, the new day is accepted and the one after refused', () => {
    clockAt('2026-11-28T16:00:00Z');
    expect(validateCitizenId(bornOn('2026-11-29'))).toBeNull();
    expect(validateCitizenId(bornOn('2026-11-30'))).toMatchObject({ code: 'DATE', message: 'birth date 20261130 is in the future' });
  });

  it('late in the UTC day, a birth date of the next UTC day is already today in Beijing', () => {
    clockAt('2026-12-31T23:30:00Z');
    expect(validateCitizenId(bornOn('2027-01-01'))).toBeNull();
    expect(validateCitizenId(bornOn('2027-01-02'))?.code).toBe('DATE');
  });
});
