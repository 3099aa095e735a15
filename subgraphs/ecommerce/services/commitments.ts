/**
 * Merchant credit commitments (信用承诺, issue 14 item 4): what a shop promised its platform, as the
 * platform records it, and whether the shop kept its word. Only the platform a shop trades on
 * records its commitments and their breaches: its client acts for the platform's operating company
 * (the registry's `organisation`), which must be the shop's `platform`. Every change is audited on
 * the operator's file, like a publication; a person's broken promise goes to the change outbox too,
 * for the watchers of their file (shared/facts/changes.ts). Who may read a commitment is the matrix's e-commerce row
 * (Merchant.commitments): a platform with a person operator's consent, or any asker allowed an
 * organisation's full e-commerce facts.
 */
import { addYears, isIsoDate, type IsoDate } from '../../shared/platform/clock.ts';
import { recordOf } from '../../shared/platform/audit.ts';
import { recordChanges } from '../../shared/facts/changes.ts';
import { badUserInput, forbidden } from '../../shared/platform/errors.ts';
import { authorize, type ActionName } from '../../shared/policy/actions.ts';
import { COMMITMENT_KINDS, type CommitmentKind, type MerchantCommitmentDoc, type MerchantDoc } from '../documents.ts';
import type { Context } from '../loaders.ts';
import type { CommitmentReceiptModel } from '../mappers.ts';
import { ecommerceRepository } from '../repository.ts';

const MAX_REF = 80;
const MAX_TEXT = 500;
/** a broken commitment counts against the shop for a year from the breach (the GENERAL display period's most) */
export const BROKEN_COUNTS_YEARS = 1;

export type CommitmentStatus = CommitmentReceiptModel['status'];
type CommitmentAction = Extract<ActionName, 'recordCommitment' | 'recordCommitmentBroken'>;

/** Where a commitment stands today: broken once found broken, expired after its last day, else in force. */
export function commitmentStatus(c: MerchantCommitmentDoc, today: IsoDate): CommitmentStatus {
  if (c.broken) return 'BROKEN';
  if (c.validUntil !== undefined && c.validUntil < today) return 'EXPIRED';
  return 'IN_FORCE';
}

/** The breaches that still count against a shop today: those of the last BROKEN_COUNTS_YEARS. */
export function countingBreaches(commitments: readonly MerchantCommitmentDoc[] | undefined, today: IsoDate): MerchantCommitmentDoc[] {
  return (commitments ?? []).filter((c) => c.broken && addYears(c.broken.on, BROKEN_COUNTS_YEARS) > today);
}

export interface CommitmentInput {
  ref: string;
  kind: CommitmentKind;
  text: string;
  madeOn: string;
  validUntil?: string | null;
}

const trimmed = (value: string, argument: string, max: number, what: string): string => {
  const t = value.trim();
  if (t.length < 1 || t.length > max) throw badUserInput(`${argument} must be ${what} of 1 to ${max} characters (it has ${t.length}).`, { argument });
  return t;
};

const day = (value: string, argument: string, today: IsoDate): IsoDate => {
  if (!isIsoDate(value)) throw badUserInput(`${argument} "${value.slice(0, 20)}" is not a date: use YYYY-MM-DD.`, { argument });
  if (value > today) throw badUserInput(`${argument} ${value} is after today (${today}): record what has happened.`, { argument });
  return value;
};

/** The shop and the calling client, when it is the platform the shop trades on; BAD_USER_INPUT or FORBIDDEN saying why not. */
async function ownShop(ctx: Context, action: CommitmentAction, id: string): Promise<{ shop: MerchantDoc; client: string }> {
  const viewer = authorize(ctx.viewer, action);
  const shopId = trimmed(id, 'merchant', MAX_REF, "a shop's id");
  const [shop] = await ecommerceRepository(ctx.store).merchants([shopId]);
  if (!shop) throw badUserInput(`There is no shop "${shopId}" on this hub: give the shop's id as merchant(id:) shows it (platform:shop:number).`, { argument: 'merchant' });
  if (!viewer.organisation) {
    throw forbidden(`Client "${viewer.client}" acts for no organisation in the hub's registry, so it records no shop's commitments: ask the hub's operator to register its operating company.`, {
      action,
      reason: 'NO_ORGANISATION',
    });
  }
  if (viewer.organisation !== shop.platform) {
    throw forbidden(`Shop "${shop.id}" trades on another platform: only the platform a shop trades on records its commitments.`, { action, reason: 'NOT_YOUR_SHOP' });
  }
  return { shop, client: viewer.client };
}

/** Writes the shop's commitments as `change` makes them from the stored ones, retried when another write came first. */
async function changeCommitments(
  ctx: Context,
  action: CommitmentAction,
  shop: MerchantDoc,
  ref: string,
  change: (current: MerchantCommitmentDoc[]) => MerchantCommitmentDoc[] | null,
): Promise<MerchantCommitmentDoc[] | null> {
  const repo = ecommerceRepository(ctx.store);
  let current = shop;
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = change(current.commitments ?? []);
    if (next === null) return null;
    const record = recordOf(ctx.asked(), { subject: shop.operator, consent: null, classes: ['ECOMMERCE'], denied: [], action, target: `${shop.id}#${ref}` });
    if (await ctx.audit.change(record, () => repo.replaceCommitments(shop.id, current.commitmentsVersion ?? 0, next))) return next;
    const [fresh] = await repo.merchants([shop.id]);
    if (!fresh) break;
    current = fresh;
  }
  throw badUserInput(`Shop "${shop.id}" is being changed by another request right now: retry.`, { argument: 'merchant' });
}

const sameCommitment = (a: MerchantCommitmentDoc, b: Omit<MerchantCommitmentDoc, 'recordedBy' | 'recordedAt'>) =>
  a.kind === b.kind && a.text === b.text && a.madeOn === b.madeOn && (a.validUntil ?? null) === (b.validUntil ?? null);

export async function recordCommitment(ctx: Context, merchant: string, input: CommitmentInput): Promise<CommitmentReceiptModel> {
  const { shop, client } = await ownShop(ctx, 'recordCommitment', merchant);
  const today = ctx.clock.today();
  const ref = trimmed(input.ref, 'commitment.ref', MAX_REF, 'a reference');
  if (!COMMITMENT_KINDS.includes(input.kind)) throw badUserInput(`commitment.kind must be one of ${COMMITMENT_KINDS.join(', ')}.`, { argument: 'commitment.kind' });
  const madeOn = day(input.madeOn, 'commitment.madeOn', today);
  let validUntil: string | undefined;
  if (input.validUntil !== undefined && input.validUntil !== null) {
    if (!isIsoDate(input.validUntil) || input.validUntil < madeOn) {
      throw badUserInput(`commitment.validUntil must be a date (YYYY-MM-DD) on or after madeOn (${madeOn}).`, { argument: 'commitment.validUntil' });
    }
    validUntil = input.validUntil;
  }
  const wanted = { ref, kind: input.kind, text: trimmed(input.text, 'commitment.text', MAX_TEXT, 'the promise'), madeOn, ...(validUntil ? { validUntil } : {}) };
  const receipt = (outcome: CommitmentReceiptModel['outcome'], c: MerchantCommitmentDoc): CommitmentReceiptModel => ({ merchant: shop.id, ref, outcome, status: commitmentStatus(c, today) });
  let unchanged: MerchantCommitmentDoc | undefined;
  const written = await changeCommitments(ctx, 'recordCommitment', shop, ref, (current) => {
    const existing = current.find((c) => c.ref === ref);
    if (existing) {
      if (!sameCommitment(existing, wanted)) {
        throw badUserInput(`Shop "${shop.id}" already has a commitment "${ref}" that says otherwise: give a new commitment a new ref.`, { argument: 'commitment.ref' });
      }
      unchanged = existing;
      return null;
    }
    return [...current, { ...wanted, recordedBy: client, recordedAt: ctx.clock.now().toISOString() }];
  });
  if (unchanged) return receipt('UNCHANGED', unchanged);
  return receipt('APPLIED', written!.find((c) => c.ref === ref)!);
}

export async function recordCommitmentBroken(ctx: Context, merchant: string, refArg: string, brokenOnArg: string, breachArg: string): Promise<CommitmentReceiptModel> {
  const { shop, client } = await ownShop(ctx, 'recordCommitmentBroken', merchant);
  const today = ctx.clock.today();
  const ref = trimmed(refArg, 'ref', MAX_REF, 'a reference');
  const brokenOn = day(brokenOnArg, 'brokenOn', today);
  const breach = trimmed(breachArg, 'breach', MAX_TEXT, 'the decision or violation that shows the breach');
  let unchanged = false;
  await changeCommitments(ctx, 'recordCommitmentBroken', shop, ref, (current) => {
    const existing = current.find((c) => c.ref === ref);
    if (!existing) throw badUserInput(`Shop "${shop.id}" has no commitment "${ref}": record it first (recordCommitment).`, { argument: 'ref' });
    if (brokenOn < existing.madeOn) throw badUserInput(`brokenOn ${brokenOn} is before the commitment was made (${existing.madeOn}).`, { argument: 'brokenOn' });
    if (existing.validUntil !== undefined && brokenOn > existing.validUntil) {
      throw badUserInput(`brokenOn ${brokenOn} is after the commitment's last day (${existing.validUntil}): it no longer bound the shop.`, { argument: 'brokenOn' });
    }
    if (existing.broken) {
      if (existing.broken.on === brokenOn && existing.broken.breach === breach) {
        unchanged = true;
        return null;
      }
      throw badUserInput(`Commitment "${ref}" was recorded broken already, on ${existing.broken.on}: a commitment is broken once.`, { argument: 'ref' });
    }
    const broken = { on: brokenOn, breach, recordedBy: client, recordedAt: ctx.clock.now().toISOString() };
    return current.map((c) => (c.ref === ref ? { ...c, broken } : c));
  });
  // a person's shop: the broken promise is a new negative fact in their file, for their watchers
  if (shop.operatorKind === 'PERSON') {
    await recordChanges(ctx.store, [
      {
        _id: `ecommerce:${shop.id}#${ref}:broken`,
        subject: shop.operator,
        type: 'LISTED',
        cls: 'ECOMMERCE',
        fact: { ref, list: 'BROKEN_COMMITMENT', authority: client, decidedAt: brokenOn },
        source: 'ecommerce',
        occurredAt: ctx.clock.now().toISOString(),
        fanOut: 'PENDING',
      },
    ]);
  }
  return { merchant: shop.id, ref, outcome: unchanged ? 'UNCHANGED' : 'APPLIED', status: 'BROKEN' };
}
