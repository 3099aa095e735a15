/**
 * Who may make each change to a file, as data: one row per action (a mutation, or a query that is
 * itself a role's tool, like the regulator's overdue list). Every such resolver asks `authorize`
 * before anything else; the fields it returns are then decided by the access matrix as usual.
 * A new action is a new row; a caller the row does not name gets FORBIDDEN saying who may call it.
 */
import type { ClientKind, Purpose } from '../wire/purposes.ts';
import { forbidden } from '../platform/errors.ts';
import type { Viewer } from '../wire/viewer.ts';

export type ActionRule =
  /** the data subject, on their own file (the resolver acts on `viewer.subject` only) */
  | { readonly who: 'SUBJECT' }
  /** an authenticated client of one of these kinds, asking under one of these purposes */
  | { readonly who: 'CLIENT'; readonly clientKinds: readonly ClientKind[]; readonly purposes: readonly Purpose[] };

const SUBJECT = { who: 'SUBJECT' } as const;
/** The issuing authority's and the credit office's role; the hub's regulators play both. */
const REGULATOR = { who: 'CLIENT', clientKinds: ['REGULATOR'], purposes: ['SUPERVISION'] } as const;
/** An issuing authority feeding its lists; what it may publish is its licence's (wire/licence.ts). */
const AUTHORITY = { who: 'CLIENT', clientKinds: ['AUTHORITY'], purposes: ['PUBLICATION'] } as const;
/** A platform, for its own shops (which shops are its own is the action's check). */
const PLATFORM = { who: 'CLIENT', clientKinds: ['PLATFORM'], purposes: ['MERCHANT_ONBOARDING'] } as const;
/**
 * Monitoring (persons/services/monitoring.ts): a bank under LOAN_UNDERWRITING, a platform under
 * MERCHANT_ONBOARDING; each watch also needs the subject's consent to it for that purpose.
 */
const MONITOR = { who: 'CLIENT', clientKinds: ['BANK', 'PLATFORM'], purposes: ['LOAN_UNDERWRITING', 'MERCHANT_ONBOARDING'] } as const;

export const ACTIONS = {
  grantConsent: SUBJECT,
  revokeConsent: SUBJECT,
  fileObjection: SUBJECT,
  requestRepair: SUBJECT,
  attachStatement: SUBJECT,
  resolveObjection: REGULATOR,
  approveRepair: REGULATOR,
  rejectRepair: REGULATOR,
  // the regulator's desk: its queues, and the search of the audit log
  overdueObjections: REGULATOR,
  openObjections: REGULATOR,
  pendingRepairs: REGULATOR,
  auditRecords: REGULATOR,
  clientAnomalies: REGULATOR,
  removeFromCourtList: REGULATOR,
  // publishing (sanctions/services/publish.ts)
  publishListing: AUTHORITY,
  correctListing: AUTHORITY,
  revokeListing: AUTHORITY,
  endListing: AUTHORITY,
  publishListings: AUTHORITY,
  // a lender's report of a financial default (persons/services/defaults.ts)
  reportDefault: AUTHORITY,
  // a platform records its own shops' credit commitments (ecommerce/services/commitments.ts)
  recordCommitment: PLATFORM,
  recordCommitmentBroken: PLATFORM,
  /** the receipts: an authority its own, a regulator every authority's (the desk's recent publications) */
  publications: { who: 'CLIENT', clientKinds: ['REGULATOR', 'AUTHORITY'], purposes: ['SUPERVISION', 'PUBLICATION'] },
  // monitoring
  registerWebhook: MONITOR,
  webhookEndpoint: MONITOR,
  watch: MONITOR,
  unwatch: MONITOR,
  watches: MONITOR,
  changes: MONITOR,
  deadLetters: MONITOR,
  redeliver: MONITOR,
} as const satisfies Record<string, ActionRule>;

export type ActionName = keyof typeof ACTIONS;

type ViewerFor<R extends ActionRule> = R extends { who: 'SUBJECT' } ? Extract<Viewer, { kind: 'SUBJECT' }> : Extract<Viewer, { kind: 'CLIENT' }>;

export function mayCall(viewer: Viewer, rule: ActionRule): boolean {
  switch (rule.who) {
    case 'SUBJECT':
      return viewer.kind === 'SUBJECT';
    case 'CLIENT':
      return viewer.kind === 'CLIENT' && rule.clientKinds.includes(viewer.clientKind) && rule.purposes.includes(viewer.purpose);
  }
}

/** Who may call an action, in words, for the FORBIDDEN message. */
export function whoMayCall(rule: ActionRule): string {
  switch (rule.who) {
    case 'SUBJECT':
      return 'the data subject only: sign in with your own token (npm run token -- --subject <citizen ID>)';
    case 'CLIENT':
      return `a ${rule.clientKinds.map((k) => k.toLowerCase()).join(' or ')} acting under ${rule.purposes.join(' or ')} only`;
  }
}

const REASONS = { SUBJECT: 'SUBJECT_ONLY', CLIENT: 'ROLE' } as const;

/** The viewer, narrowed to the kind the action's row allows; FORBIDDEN for anyone else. */
export function authorize<A extends ActionName>(viewer: Viewer, action: A): ViewerFor<(typeof ACTIONS)[A]> {
  const rule: ActionRule = ACTIONS[action];
  if (!mayCall(viewer, rule)) {
    throw forbidden(`${action} is for ${whoMayCall(rule)}.`, { action, reason: REASONS[rule.who] });
  }
  return viewer as ViewerFor<(typeof ACTIONS)[A]>;
}
