import type { PublicationReceiptResolvers } from '../generated/resolvers.ts';

export const PublicationReceipt: PublicationReceiptResolvers = {
  outcome: (r) => r.outcome ?? 'APPLIED',
  subjectCode: (r) => r.subject,
  removedInTime: (r) => (r.removalDue && r.removedAt ? r.removedAt <= r.removalDue : null),
};
