/**
 * Who is asking, as the gateway and every subgraph establish it for themselves from the client's
 * token and the client registry (identity/asker.ts): a registered client under one of its licensed
 * purposes, or a data subject on their own file through a subject app.
 */
import type { ClientKind, Purpose } from './purposes.ts';

export type Viewer =
  | {
      kind: 'CLIENT';
      client: string;
      clientKind: Exclude<ClientKind, 'SUBJECT_APP'>;
      purpose: Purpose;
      /** the organisation the registry says the client acts for (a platform's operating company), by its code */
      organisation?: string;
    }
  | { kind: 'SUBJECT'; subject: string; purpose: 'SELF_ACCESS'; /** the subject app the person signed in through */ client?: string };

/** A viewer that asks on its own account: every viewer does since the gateway writes no records of its own. */
export type AskingViewer = Viewer;
