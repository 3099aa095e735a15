/**
 * What the persons subgraph's credit score counts of the facts this subgraph owns (README, "The
 * credit score"), counted within the asker's view of the person: a class the view closes counts
 * nothing and is named in `closed` (which depends on the view only, never on the facts). The
 * gateway fetches these for the score alone (`@requires`); they are not part of the API, and they
 * are not audited here: the score that uses them is, as CREDIT_SCORE.
 *
 * A listing counts as the LISTED form does (listed or not, not how often): whoever may see the
 * score may at least see that form, or the listing counts nothing.
 */
import { COURT_CLASS_LISTS } from '../../shared/facts/lifecycle.ts';
import type { Subject } from '../../shared/facts/subjects.ts';
import type { FactClass } from '../../shared/policy/matrix.ts';
import type { Context } from '../loaders.ts';
import type { ScoreFactorsModel } from '../mappers.ts';
import { entriesInForce, opensListedFlag, shownHonours } from './entries.ts';
import { reachingRestrictions } from './restrictions.ts';

const COUNTED = ['COURT_LIST', 'TAX_VIOLATION', 'ADMIN_PENALTY', 'RED_LIST'] as const satisfies readonly FactClass[];

export async function scoreFactors(ctx: Context, holder: Subject): Promise<ScoreFactorsModel> {
  const view = await ctx.policy.view(holder);
  const open = {
    COURT_LIST: opensListedFlag(view, 'COURT_LIST'),
    TAX_VIOLATION: opensListedFlag(view, 'TAX_VIOLATION'),
    ADMIN_PENALTY: view.allows('ADMIN_PENALTY', 'FULL'),
    RED_LIST: view.allows('RED_LIST', 'FULL'),
  } satisfies Record<(typeof COUNTED)[number], boolean>;
  const [entries, honours, measures] = await Promise.all([
    open.COURT_LIST || open.TAX_VIOLATION || open.ADMIN_PENALTY ? entriesInForce(ctx, holder) : [],
    open.RED_LIST ? shownHonours(ctx, holder.code) : [],
    reachingRestrictions(ctx, holder),
  ]);
  const penalties = open.ADMIN_PENALTY ? entries.filter((e) => e.list === 'ADMINISTRATIVE_PENALTY') : [];
  return {
    courtListed: open.COURT_LIST && entries.some((e) => COURT_CLASS_LISTS.includes(e.list)) ? 1 : 0,
    taxListed: open.TAX_VIOLATION && entries.some((e) => e.list === 'MAJOR_TAX_VIOLATION') ? 1 : 0,
    penalties: penalties.filter((e) => e.severity !== 'SERIOUS').length,
    seriousPenalties: penalties.filter((e) => e.severity === 'SERIOUS').length,
    measuresViaOrganisations: measures.filter((r) => r.organisation !== null).length,
    honours: honours.length,
    closed: COUNTED.filter((cls) => !open[cls]),
  };
}
