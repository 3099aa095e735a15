/**
 * The subject's own statement on a fact in their file (domain.md section 6: every negative fact
 * carries "the subject's own statement if any"). The fact is found through every owner's locator,
 * like an objection's; the statement is this subgraph's own filing, which every owner reads
 * through the shared views and shows beside its fact, to whoever may see the fact in full.
 * Attaching it again replaces it. Every change is recorded before it is made.
 */
import type { StatementDoc } from '../../shared/facts/documents.ts';
import { statementView, type StatementView } from '../../shared/facts/lifecycle.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import { StoreError } from '../../shared/platform/store/port.ts';
import type { Context } from '../loaders.ts';
import { personsRepository } from '../repository.ts';
import { changeRecord, ref, text } from './changes.ts';
import { ownFact } from './filings.ts';

// control characters other than line breaks and tabs would reach every asker's screen as they are
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** One statement per fact and subject: the statement of another subject on the same ref is another document. */
const statementId = (subject: string, factRef: string) => `${subject}:${factRef}`;

export async function attachStatement(ctx: Context, subject: string, args: { factRef: string; statement: string }): Promise<StatementView> {
  const factRef = ref(args.factRef, 'factRef');
  const words = text(args.statement, 'statement', 'your statement');
  if (CONTROL.test(words)) throw badUserInput('statement must be plain text: remove the control characters from it (line breaks and tabs may stay).', { argument: 'statement' });
  const today = ctx.clock.today();
  const repo = personsRepository(ctx.store);
  const fact = await ownFact(ctx, subject, factRef, 'attachStatement');
  const id = statementId(subject, fact.ref);
  const earlier = await repo.statement(id);
  const record = changeRecord(ctx, 'attachStatement', subject, fact.ref);
  if (!earlier) {
    const doc: StatementDoc = { _id: id, subject, factRef: fact.ref, text: words, madeAt: today, updatedAt: today, version: 1 };
    try {
      await ctx.audit.change(record, () => repo.insertStatement(doc));
    } catch (err) {
      if (err instanceof StoreError && err.kind === 'DUPLICATE') throw writtenJustNow(factRef);
      throw err;
    }
    return statementView(doc)!;
  }
  const change = { text: words, updatedAt: today, version: earlier.version + 1 };
  const result = await ctx.audit.change(record, () => repo.replaceStatement(id, earlier.version, change));
  if (result.matched === 0) throw writtenJustNow(factRef);
  return statementView({ ...earlier, ...change })!;
}

const writtenJustNow = (factRef: string) =>
  badUserInput(`Your statement on ${factRef} was written by another request just now: read your file and send yours again if it should replace that one.`, { argument: 'factRef' });
