import type { NoticeResolvers } from '../generated/resolvers.ts';

export const Notice: NoticeResolvers = {
  channel: (n) => n.channel ?? null,
};
