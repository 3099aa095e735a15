/** A person's file as the asker may learn of it: the record, or the same stand-in whether or not there is one. */
import { recordOrStandIn } from '../../shared/policy/existence.ts';
import { person } from '../../shared/facts/subjects.ts';
import type { Context } from '../loaders.ts';
import type { PersonModel } from '../mappers.ts';

/**
 * A person as an asker who may know nothing non-public of them sees them: the key and nothing
 * else. Every other field of Person is closed to such an asker (test/unit/existence.test.ts checks
 * it for every such view), so the missing values are never read; they stay absent rather than
 * invented, so a field opened by mistake would answer null, not a made-up fact.
 */
function standIn(code: string): PersonModel {
  return { _id: code, creditCode: code, occupations: [], holder: person(code) } as Partial<PersonModel> as PersonModel;
}

/** The person's file; to an asker who may not know whether there is one, the same stand-in either way. */
export async function personFile(ctx: Context, code: string): Promise<PersonModel | null> {
  return recordOrStandIn<PersonModel>(ctx.policy, person(code), await ctx.loaders.person.load(code), () => standIn(code));
}
