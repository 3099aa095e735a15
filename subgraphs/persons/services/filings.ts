/**
 * A person's filings against the facts in their own file (domain.md section 6): objections, which
 * the issuing authority answers within the objection period (a CORRECTED answer with the corrected
 * values), and repair requests, which a regulator approves or rejects with a reason. The fact is
 * found through every owner's locator (context.findFact); the filings are this subgraph's own.
 * Every change is recorded before it is made.
 */
import { checkCorrections, corrected, nextCorrectionRound, type CorrectionInput } from '../../shared/facts/corrections.ts';
import type { ObjectionDoc, RepairRequestDoc } from '../../shared/facts/documents.ts';
import { addDays } from '../../shared/platform/clock.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { factStatus, isShown, OBJECTION_DAYS, repairEligibility } from '../../shared/facts/lifecycle.ts';
import type { LocatedFact } from '../../shared/facts/locator.ts';
import { hold, person } from '../../shared/facts/subjects.ts';
import type { ActionName } from '../../shared/policy/actions.ts';
import type { Context } from '../loaders.ts';
import type { ObjectionModel, RepairRequestModel } from '../mappers.ts';
import { personsRepository } from '../repository.ts';
import { changeRecord, MAX_REF, newRef, ref, text } from './changes.ts';
import { recordChanges, type ChangeType } from '../../shared/facts/changes.ts';

/**
 * The change event of a filing's step (monitoring): about the fact it names, under that fact's
 * class, keyed by the filing and the step so that it is put in the outbox once. Nothing when the
 * fact is no longer held by its owner.
 */
async function filingChange(ctx: Context, id: string, subject: string, type: ChangeType, fact: LocatedFact | null, outcome?: string): Promise<void> {
  if (!fact) return;
  await recordChanges(ctx.store, [
    {
      _id: `persons:${id}:${type}`,
      subject,
      type,
      cls: fact.cls,
      fact: { ref: fact.ref, authority: fact.fact.authority, ...(outcome ? { outcome } : {}) },
      source: 'persons',
      occurredAt: ctx.clock.now().toISOString(),
      fanOut: 'PENDING',
    },
  ]);
}

/**
 * The fact with this ref in the caller's own file, or BAD_USER_INPUT. Whatever the ref names
 * outside the caller's file — another person's fact, an organisation's, nothing — gets the same
 * answer: a fact the caller may not see is answered like one that does not exist.
 */
export async function ownFact(ctx: Context, subject: string, factRef: string, action: ActionName): Promise<LocatedFact> {
  const found = await ctx.findFact(subject, factRef);
  if (found) return found;
  throw badUserInput(
    `There is no fact with ref "${factRef.slice(0, MAX_REF)}" in your file: use the ref your file shows (person { … ref }). ${action} is for facts in your own file; an organisation answers for its own facts through its legal representative and the issuing authority.`,
    { argument: 'factRef' },
  );
}

export async function fileObjection(ctx: Context, subject: string, args: { factRef: string; reason: string }): Promise<ObjectionModel> {
  const factRef = ref(args.factRef, 'factRef');
  const reason = text(args.reason, 'reason', 'your reason');
  const today = ctx.clock.today();
  const repo = personsRepository(ctx.store);
  const fact = await ownFact(ctx, subject, factRef, 'fileObjection');
  const earlier = await repo.objectionsOfFact(factRef);
  const open = earlier.find((o) => o.status === 'UNDER_REVIEW');
  if (open) {
    throw badUserInput(
      `You already have an open objection to ${factRef}: ${open.ref}, filed on ${open.filedAt}, is under review and must be answered by ${open.dueAt}. Wait for its answer before objecting again.`,
      { argument: 'factRef', objection: open.ref },
    );
  }
  const removed = earlier.find((o) => o.status === 'REMOVED');
  if (removed) {
    throw badUserInput(`${factRef} was already removed on your objection ${removed.ref} (${removed.resolvedAt ?? removed.filedAt}): it is shown to nobody but you.`, {
      argument: 'factRef',
      objection: removed.ref,
    });
  }
  const objectionRef = newRef('OBJ', today);
  const doc: ObjectionDoc = {
    _id: objectionRef,
    ref: objectionRef,
    factRef: fact.ref,
    subject,
    filedAt: today,
    dueAt: addDays(today, OBJECTION_DAYS),
    reason,
    status: 'UNDER_REVIEW',
  };
  await ctx.audit.change(changeRecord(ctx, 'fileObjection', subject, objectionRef), () => repo.insertObjection(doc));
  await filingChange(ctx, objectionRef, subject, 'OBJECTION_FILED', fact);
  return hold(person(subject), [doc])[0]!;
}

export interface ResolveArgs {
  ref: string;
  reason: string;
  outcome: Exclude<ObjectionDoc['status'], 'UNDER_REVIEW'>;
  corrections?: readonly CorrectionInput[] | null;
}

export async function resolveObjection(ctx: Context, args: ResolveArgs): Promise<ObjectionModel> {
  const objectionRef = ref(args.ref, 'ref');
  const outcomeReason = text(args.reason, 'reason', 'the reason for the answer');
  const today = ctx.clock.today();
  const repo = personsRepository(ctx.store);
  const current = await repo.objection(objectionRef);
  if (!current) throw badUserInput(`There is no objection "${objectionRef}".`, { argument: 'ref' });
  if (current.status !== 'UNDER_REVIEW') {
    throw badUserInput(`Objection ${objectionRef} was already answered ${current.status} on ${current.resolvedAt ?? 'an earlier day'}: only an objection under review can be resolved.`, {
      argument: 'ref',
    });
  }
  const corrections = args.outcome === 'CORRECTED' ? await correctionsFor(ctx, current, args.corrections ?? []) : undefined;
  if (args.outcome !== 'CORRECTED' && args.corrections?.length) {
    throw badUserInput(`corrections go with the outcome CORRECTED only; ${args.outcome} changes no value of the fact: leave corrections out.`, { argument: 'corrections' });
  }
  const answer = { status: args.outcome, resolvedAt: today, outcomeReason, ...corrections };
  const result = await ctx.audit.change(changeRecord(ctx, 'resolveObjection', current.subject, objectionRef), () => repo.resolveObjection(objectionRef, answer));
  if (result.matched === 0) throw badUserInput(`Objection ${objectionRef} was answered by someone else just now; read it again.`, { argument: 'ref' });
  await filingChange(ctx, objectionRef, current.subject, 'OBJECTION_ANSWERED', await ctx.findFact(current.subject, current.factRef), args.outcome);
  return hold(person(current.subject), [{ ...current, ...answer }])[0]!;
}

/**
 * The corrected values of a CORRECTED answer, checked against the fields the fact's owner lets be
 * corrected (its locator's `correctable`) and against the fact as shown today, earlier
 * corrections included: each a known field, once, with a valid value that changes it.
 */
async function correctionsFor(ctx: Context, objection: ObjectionDoc, inputs: readonly CorrectionInput[]): Promise<Pick<ObjectionDoc, 'corrections' | 'correctionRound'>> {
  const found = await ctx.findFact(objection.subject, objection.factRef);
  if (!found) {
    throw badUserInput(`${objection.factRef} is no longer held by its owner, so there is nothing to correct: answer REMOVED or CONFIRMED.`, { argument: 'outcome' });
  }
  const fields = Object.keys(found.correctable).join(', ');
  if (inputs.length === 0) {
    throw badUserInput(`CORRECTED carries the corrected values: give corrections: [{ field, value }] for the fields of the ${found.description} that were wrong (${fields}).`, {
      argument: 'corrections',
      correctable: Object.keys(found.correctable),
    });
  }
  const today = ctx.clock.today();
  const { objections } = await personsRepository(ctx.store).filingsOfFact(objection.factRef);
  const checked = checkCorrections(inputs, found.correctable, corrected(found.fact, objections, today), today);
  if (!checked.ok) {
    throw badUserInput(`corrections refused: ${checked.problem}.`, { argument: 'corrections', ...(checked.field ? { field: checked.field } : {}), correctable: Object.keys(found.correctable) });
  }
  return { corrections: checked.corrections, correctionRound: nextCorrectionRound(objections) };
}

export async function requestRepair(ctx: Context, subject: string, args: { factRef: string; statement: string }): Promise<RepairRequestModel> {
  const factRef = ref(args.factRef, 'factRef');
  const statement = text(args.statement, 'statement', 'your statement');
  const today = ctx.clock.today();
  const repo = personsRepository(ctx.store);
  const fact = await ownFact(ctx, subject, factRef, 'requestRepair');
  const filings = await repo.filingsOfFact(factRef);
  const pending = filings.repairs.find((r) => r.status === 'PENDING');
  if (pending) {
    throw badUserInput(`You already applied to repair ${factRef}: ${pending.ref}, filed on ${pending.requestedAt}, is pending.`, {
      argument: 'factRef',
      repairRequest: pending.ref,
    });
  }
  const check = repairEligibility(fact.fact, fact.kind, today, filings);
  if (!check.ok) {
    throw badUserInput(`requestRepair refused: ${check.reason}`, { argument: 'factRef', ...(check.earliest ? { earliest: check.earliest } : {}) });
  }
  const repairRef = newRef('REP', today);
  const doc: RepairRequestDoc = { _id: repairRef, ref: repairRef, factRef: fact.ref, subject, requestedAt: today, statement, status: 'PENDING' };
  await ctx.audit.change(changeRecord(ctx, 'requestRepair', subject, repairRef), () => repo.insertRepairRequest(doc));
  return hold(person(subject), [doc])[0]!;
}

export async function approveRepair(ctx: Context, regulator: string, args: { ref: string }): Promise<RepairRequestModel> {
  const repairRef = ref(args.ref, 'ref');
  const today = ctx.clock.today();
  const repo = personsRepository(ctx.store);
  const current = await repo.repairRequest(repairRef);
  if (!current) throw badUserInput(`There is no repair request "${repairRef}".`, { argument: 'ref' });
  if (current.status !== 'PENDING') {
    throw badUserInput(`Repair request ${repairRef} was already ${current.status.toLowerCase()} on ${current.decidedAt ?? 'an earlier day'}: only a pending request can be approved.`, {
      argument: 'ref',
    });
  }
  // The fact may have changed since the application (removed, expired): approve only what is still repairable.
  const found = await ctx.findFact(current.subject, current.factRef);
  if (found) {
    const { objections, repairs } = await repo.filingsOfFact(current.factRef);
    const status = factStatus(found.fact, found.kind, today, objections, repairs);
    if (!isShown(status)) {
      throw badUserInput(`${current.factRef} is ${status} today: there is nothing left to repair.`, { argument: 'ref' });
    }
  }
  const decision = { decidedAt: today, decidedBy: regulator };
  const result = await ctx.audit.change(changeRecord(ctx, 'approveRepair', current.subject, repairRef), () => repo.approveRepair(repairRef, decision));
  if (result.matched === 0) throw badUserInput(`Repair request ${repairRef} was decided by someone else just now; read it again.`, { argument: 'ref' });
  await filingChange(ctx, repairRef, current.subject, 'REPAIRED', found);
  return hold(person(current.subject), [{ ...current, status: 'APPROVED' as const, ...decision }])[0]!;
}

/**
 * Rejects a pending repair request with the reason, which the subject reads in their own file.
 * The fact stays as it is, and a rejected request blocks nothing: the subject may apply again.
 */
export async function rejectRepair(ctx: Context, regulator: string, args: { ref: string; reason: string }): Promise<RepairRequestModel> {
  const repairRef = ref(args.ref, 'ref');
  const rejectionReason = text(args.reason, 'reason', 'the reason, which the subject will read,');
  const repo = personsRepository(ctx.store);
  const current = await repo.repairRequest(repairRef);
  if (!current) throw badUserInput(`There is no repair request "${repairRef}".`, { argument: 'ref' });
  if (current.status !== 'PENDING') {
    throw badUserInput(`Repair request ${repairRef} was already ${current.status.toLowerCase()} on ${current.decidedAt ?? 'an earlier day'}: only a pending request can be rejected.`, {
      argument: 'ref',
    });
  }
  const decision = { decidedAt: ctx.clock.today(), decidedBy: regulator, rejectionReason };
  const result = await ctx.audit.change(changeRecord(ctx, 'rejectRepair', current.subject, repairRef), () => repo.rejectRepair(repairRef, decision));
  if (result.matched === 0) throw badUserInput(`Repair request ${repairRef} was decided by someone else just now; read it again.`, { argument: 'ref' });
  await filingChange(ctx, repairRef, current.subject, 'REPAIR_REJECTED', await ctx.findFact(current.subject, current.factRef));
  return hold(person(current.subject), [{ ...current, status: 'REJECTED' as const, ...decision }])[0]!;
}
