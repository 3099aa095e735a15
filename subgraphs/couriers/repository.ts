/** The couriers subgraph's store access. */
import type { CourierCompanyDoc, CourierDoc } from './documents.ts';
import type { Store } from '../shared/platform/store/port.ts';

export function couriersRepository(store: Store) {
  const any = (keys: readonly string[]) => ({ $in: [...keys] });
  return {
    couriers: (persons: readonly string[]): Promise<CourierDoc[]> => store.collection('couriers').find({ _id: any(persons) }),
    companies: (codes: readonly string[]): Promise<CourierCompanyDoc[]> => store.collection('courierCompanies').find({ _id: any(codes) }),
    courierCounts: async (companies: readonly string[]): Promise<{ company: string; count: number }[]> => {
      const rows = await store.collection('couriers').find({ company: any(companies) }, { fields: ['company'] });
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.company, (counts.get(r.company) ?? 0) + 1);
      return [...counts].map(([company, count]) => ({ company, count }));
    },
  };
}
