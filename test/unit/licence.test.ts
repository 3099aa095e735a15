/** A client's licensed hours and regions (client registry), as the anomaly report reads them. */
import { describe, expect, it } from 'vitest';
import { checkLicensedRegions, parseLicensedHours, RegistryError, withinLicensedHours, withinLicensedRegions } from '../../subgraphs/shared/wire/registry.ts';

const at = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;

describe('licensed hours', () => {
  it('run from the first minute (inclusive) to the last (exclusive)', () => {
    const day = parseLicensedHours('08:00-20:00');
    expect(['07:59', '08:00', '19:59', '20:00', '23:30'].map((t) => withinLicensedHours(day, at(t)))).toEqual([false, true, true, false, false]);
  });

  it('span midnight when they start after they end', () => {
    const night = parseLicensedHours('22:00-06:00');
    expect(['21:59', '22:00', '00:00', '05:59', '06:00', '12:00'].map((t) => withinLicensedHours(night, at(t)))).toEqual([false, true, true, true, false, false]);
  });

  it('refuse what is not HH:MM-HH:MM, or an empty span', () => {
    for (const bad of ['8-20', '08:00', '24:00-06:00', '08:00-20:00-21:00', '08:00-08:00']) expect(() => parseLicensedHours(bad), bad).toThrow(RegistryError);
  });
});

describe('licensed regions', () => {
  it("match a citizen ID's division by its first 2, 4 or 6 digits", () => {
    const regions = checkLicensedRegions(['3201', '320583']);
    expect(withinLicensedRegions(regions, '320102198509231629')).toBe(true);
    expect(withinLicensedRegions(regions, '320583199001011531')).toBe(true);
    expect(withinLicensedRegions(regions, '320502198203174715')).toBe(false);
    expect(withinLicensedRegions(checkLicensedRegions(['32']), '11010519491231002X')).toBe(false);
  });

  it('refuse codes of another length, and an empty list', () => {
    for (const bad of [['320'], ['3201a'], ['32010200'], []]) expect(() => checkLicensedRegions(bad), JSON.stringify(bad)).toThrow(RegistryError);
  });
});
