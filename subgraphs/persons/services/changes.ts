/** What every change the persons subgraph makes needs: its audit record, its inputs checked, a new reference. */
import { randomUUID } from 'node:crypto';
import type { QueryRecordDoc } from '../../shared/platform/audit.ts';
import { recordOf } from '../../shared/platform/audit.ts';
import { badUserInput } from '../../shared/platform/errors.ts';
import type { ActionName } from '../../shared/policy/actions.ts';
import type { Context } from '../loaders.ts';

const MAX_TEXT = 500;
export const MAX_REF = 80;

/** The audit record of a change (domain.md section 8): who, when, under which purpose, what. */
export function changeRecord(ctx: Context, action: ActionName, subject: string, target: string): QueryRecordDoc {
  return recordOf(ctx.asked(), { subject, consent: null, classes: ['RECORDS'], denied: [], action, target });
}

/** A free-text argument, trimmed, of 1 to 500 characters. */
export function text(value: string, argument: string, what: string): string {
  const t = value.trim();
  if (t.length < 1 || t.length > MAX_TEXT) throw badUserInput(`${argument} must be ${what} of 1 to ${MAX_TEXT} characters (it has ${t.length}).`, { argument });
  return t;
}

/** A reference argument, trimmed, of 1 to 80 characters. */
export function ref(value: string, argument: string): string {
  const r = value.trim();
  if (r.length < 1 || r.length > MAX_REF) throw badUserInput(`${argument} must be a reference of 1 to ${MAX_REF} characters.`, { argument });
  return r;
}

/** A new filing's reference: a prefix, the year and a random part (unique without a counter). */
export const newRef = (prefix: string, today: string) => `${prefix}-${today.slice(0, 4)}-${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
