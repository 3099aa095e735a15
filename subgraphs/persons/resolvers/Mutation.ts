import { randomUUID } from 'node:crypto';
import { recordOf } from '../../shared/platform/audit.ts';
import { addDays, addMonths, isIsoDate } from '../../shared/platform/clock.ts';
import type { ConsentDoc, ObjectionDoc, Purpose, QueryRecordDoc, RepairRequestDoc } from '../../shared/documents.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { factStatus, isShown, OBJECTION_DAYS, repairEligibility } from '../../shared/facts/lifecycle.ts';
import { authorize, type ActionName } from '../../shared/policy/actions.ts';
import { CONSENT_PURPOSES } from '../../shared/policy/matrix.ts';
import { hold, person } from '../../shared/facts/subjects.ts';
import type { RegisteredFact } from '../facts.ts';
import type { Context } from '../loaders.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

const MAX_CONSENT_MONTHS = 36;
const MAX_TEXT = 500;
const MAX_REF = 80;

/** The audit record of a change (domain.md section 8): who, when, under which purpose, what. */
function changeRecord(ctx: Context, action: ActionName, subject: string, target: string): QueryRecordDoc {
  return recordOf(ctx.asked(), { subject, consent: null, classes: ['RECORDS'], denied: [], action, target });
}

function text(value: string, argument: string, what: string): string {
  const t = value.trim();
  if (t.length < 1 || t.length > MAX_TEXT) throw badUserInput(`${argument} must be ${what} of 1 to ${MAX_TEXT} characters (it has ${t.length}).`, { argument });
  return t;
}

function ref(value: string, argument: string): string {
  const r = value.trim();
  if (r.length < 1 || r.length > MAX_REF) throw badUserInput(`${argument} must be a reference of 1 to ${MAX_REF} characters.`, { argument });
  return r;
}

/**
 * The fact with this ref in the caller's own file, or BAD_USER_INPUT. Whatever the ref names
 * outside the caller's file — another person's fact, an organisation's, nothing — gets the same
 * answer: a fact the caller may not see is answered like one that does not exist.
 */
async function ownFact(ctx: Context, subject: string, factRef: string, action: ActionName): Promise<RegisteredFact> {
  const found = await ctx.loaders.facts.lookup(subject, factRef);
  if (found.found === 'OWN') return found.fact;
  throw badUserInput(
    `There is no fact with ref "${factRef.slice(0, MAX_REF)}" in your file: use the ref your file shows (person { … ref }). ${action} is for facts in your own file; an organisation answers for its own facts through its legal representative and the issuing authority.`,
    { argument: 'factRef' },
  );
}

/** A new filing's reference: a prefix, the year and a random part (unique without a counter). */
const newRef = (prefix: string, today: string) => `${prefix}-${today.slice(0, 4)}-${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;

export const Mutation: MutationResolvers = {
  grantConsent: async (_, { input }, ctx) => {
    const { subject } = authorize(ctx.viewer, 'grantConsent');
    const today = ctx.clock.today();
    if (!CONSENT_PURPOSES.has(input.purpose as Purpose)) {
      throw badUserInput(`purpose "${input.purpose}" needs no consent or does not exist: use ${[...CONSENT_PURPOSES].join(', ')}.`, {
        argument: 'input.purpose',
      });
    }
    const client = await ctx.loaders.client.load(input.client);
    if (!client) throw badUserInput(`No client "${input.client}" is registered with the hub.`, { argument: 'input.client' });
    if (!client.purposes.includes(input.purpose as Purpose)) {
      throw badUserInput(`Client "${client.id}" is not licensed for ${input.purpose}; it is licensed for ${client.purposes.join(', ')}.`, {
        argument: 'input.purpose',
      });
    }
    if (!isIsoDate(input.expiresAt)) {
      throw badUserInput(`expiresAt "${input.expiresAt}" is not a date: use YYYY-MM-DD.`, { argument: 'input.expiresAt' });
    }
    if (input.expiresAt <= today || input.expiresAt > addMonths(today, MAX_CONSENT_MONTHS)) {
      throw badUserInput(`expiresAt must be after today (${today}) and at most ${MAX_CONSENT_MONTHS} months ahead.`, { argument: 'input.expiresAt' });
    }
    const doc: ConsentDoc = {
      _id: `${subject}:${client.id}:${input.purpose}:${today}`,
      subject,
      client: client.id,
      purpose: input.purpose as Purpose,
      grantedAt: today,
      expiresAt: input.expiresAt,
    };
    await ctx.audit.change(changeRecord(ctx, 'grantConsent', subject, doc._id), () => ctx.loaders.repo.saveConsent(doc));
    return hold(person(subject), [doc])[0]!;
  },

  revokeConsent: async (_, { id }, ctx) => {
    const { subject } = authorize(ctx.viewer, 'revokeConsent');
    const current = (await ctx.loaders.consents.load(subject)).find((c) => c._id === id);
    if (!current) throw badUserInput(`You have no consent with id "${id.slice(0, 120)}"; list yours with person { consents { id } }.`, { argument: 'id' });
    if (current.revokedAt) throw badUserInput(`Consent "${id}" was already revoked on ${current.revokedAt}.`, { argument: 'id' });
    const revokedAt = ctx.clock.now().toISOString();
    await ctx.audit.change(changeRecord(ctx, 'revokeConsent', subject, id), () => ctx.loaders.repo.revokeConsent(id, subject, revokedAt));
    return hold(person(subject), [{ ...current, revokedAt }])[0]!;
  },

  fileObjection: async (_, args, ctx) => {
    const { subject } = authorize(ctx.viewer, 'fileObjection');
    const factRef = ref(args.factRef, 'factRef');
    const reason = text(args.reason, 'reason', 'your reason');
    const today = ctx.clock.today();
    const fact = await ownFact(ctx, subject, factRef, 'fileObjection');
    const earlier = await ctx.loaders.repo.objectionsOfFact(factRef);
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
    await ctx.audit.change(changeRecord(ctx, 'fileObjection', subject, objectionRef), () => ctx.loaders.repo.insertObjection(doc));
    return hold(person(subject), [doc])[0]!;
  },

  resolveObjection: async (_, args, ctx) => {
    authorize(ctx.viewer, 'resolveObjection');
    const objectionRef = ref(args.ref, 'ref');
    const outcomeReason = text(args.reason, 'reason', 'the reason for the answer');
    const today = ctx.clock.today();
    const current = await ctx.loaders.repo.objection(objectionRef);
    if (!current) throw badUserInput(`There is no objection "${objectionRef}".`, { argument: 'ref' });
    if (current.status !== 'UNDER_REVIEW') {
      throw badUserInput(`Objection ${objectionRef} was already answered ${current.status} on ${current.resolvedAt ?? 'an earlier day'}: only an objection under review can be resolved.`, {
        argument: 'ref',
      });
    }
    const answer = { status: args.outcome, resolvedAt: today, outcomeReason } as const;
    const result = await ctx.audit.change(changeRecord(ctx, 'resolveObjection', current.subject, objectionRef), () =>
      ctx.loaders.repo.resolveObjection(objectionRef, answer),
    );
    if (result.matched === 0) throw badUserInput(`Objection ${objectionRef} was answered by someone else just now; read it again.`, { argument: 'ref' });
    return hold(person(current.subject), [{ ...current, ...answer }])[0]!;
  },

  requestRepair: async (_, args, ctx) => {
    const { subject } = authorize(ctx.viewer, 'requestRepair');
    const factRef = ref(args.factRef, 'factRef');
    const statement = text(args.statement, 'statement', 'your statement');
    const today = ctx.clock.today();
    const fact = await ownFact(ctx, subject, factRef, 'requestRepair');
    const filings = await ctx.loaders.repo.filingsOfFact(factRef);
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
    await ctx.audit.change(changeRecord(ctx, 'requestRepair', subject, repairRef), () => ctx.loaders.repo.insertRepairRequest(doc));
    return hold(person(subject), [doc])[0]!;
  },

  approveRepair: async (_, args, ctx) => {
    const regulator = authorize(ctx.viewer, 'approveRepair');
    const repairRef = ref(args.ref, 'ref');
    const today = ctx.clock.today();
    const current = await ctx.loaders.repo.repairRequest(repairRef);
    if (!current) throw badUserInput(`There is no repair request "${repairRef}".`, { argument: 'ref' });
    if (current.status !== 'PENDING') {
      throw badUserInput(`Repair request ${repairRef} was already ${current.status.toLowerCase()} on ${current.decidedAt ?? 'an earlier day'}: only a pending request can be approved.`, {
        argument: 'ref',
      });
    }
    // The fact may have changed since the application (removed, expired): approve only what is still repairable.
    const found = await ctx.loaders.facts.lookup(current.subject, current.factRef);
    if (found.found === 'OWN') {
      const { objections, repairs } = await ctx.loaders.repo.filingsOfFact(current.factRef);
      const status = factStatus(found.fact.fact, found.fact.kind, today, objections, repairs);
      if (!isShown(status)) {
        throw badUserInput(`${current.factRef} is ${status} today: there is nothing left to repair.`, { argument: 'ref' });
      }
    }
    const decision = { decidedAt: today, decidedBy: regulator.client };
    const result = await ctx.audit.change(changeRecord(ctx, 'approveRepair', current.subject, repairRef), () =>
      ctx.loaders.repo.approveRepair(repairRef, decision),
    );
    if (result.matched === 0) throw badUserInput(`Repair request ${repairRef} was decided by someone else just now; read it again.`, { argument: 'ref' });
    return hold(person(current.subject), [{ ...current, status: 'APPROVED' as const, ...decision }])[0]!;
  },

};
