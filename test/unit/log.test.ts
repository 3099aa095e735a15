/**
 * The log's own rules: failures once per cause per interval with a count of the rest, free text
 * scrubbed of names and identifiers, errors without stacks, and bounded metric labels.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apolloLogger, errorFields, FailureLog, scrub } from '../../subgraphs/shared/platform/log.ts';
import { MAX_OPERATIONS, ServiceMetrics } from '../../subgraphs/shared/platform/metrics.ts';
import { tally, traceIdOf } from '../../subgraphs/shared/platform/observe.ts';
import { captureLog } from '../support/logs.ts';

describe('FailureLog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the first failure of a cause at once, then one line per interval with how many it left out', () => {
    const cap = captureLog();
    const failures = new FailureLog(cap.log, 60_000);
    for (let i = 0; i < 1000; i++) failures.report('error', 'store:UNAVAILABLE', { kind: 'UNAVAILABLE' }, 'store unavailable');
    failures.report('error', 'subgraph:persons:timeout', { subgraph: 'persons' }, 'subgraph persons failed to answer');
    expect(cap.lines.map((l) => [l.cause, l.suppressed, l.msg])).toEqual([
      ['store:UNAVAILABLE', 0, 'store unavailable'],
      ['subgraph:persons:timeout', 0, 'subgraph persons failed to answer'],
    ]);
    vi.advanceTimersByTime(59_999);
    expect(cap.lines).toHaveLength(2);
    vi.advanceTimersByTime(1);
    // the store's 999 repeats are told once; the subgraph, which failed once, says nothing more
    expect(cap.lines.slice(2).map((l) => [l.cause, l.suppressed, l.msg, l.kind])).toEqual([['store:UNAVAILABLE', 999, 'store unavailable (repeated)', 'UNAVAILABLE']]);
    // still failing: counted on, one line in the next interval
    for (let i = 0; i < 5; i++) failures.report('error', 'store:UNAVAILABLE', {}, 'store unavailable');
    expect(cap.lines).toHaveLength(3);
    vi.advanceTimersByTime(60_000);
    expect(cap.lines.slice(3).map((l) => l.suppressed)).toEqual([5]);
    // quiet for an interval: the cause is closed, and its next failure is written at once
    vi.advanceTimersByTime(60_000);
    failures.report('error', 'store:UNAVAILABLE', {}, 'store unavailable');
    expect(cap.lines.slice(4).map((l) => l.suppressed)).toEqual([0]);
  });

  it('writes what is still counted when the process stops', () => {
    const cap = captureLog();
    const failures = new FailureLog(cap.log, 60_000);
    for (let i = 0; i < 3; i++) failures.report('warn', 'audit:write', {}, 'audit');
    failures.flush();
    expect(cap.lines.map((l) => [l.cause, l.suppressed])).toEqual([
      ['audit:write', 0],
      ['audit:write', 2],
    ]);
  });
});

describe('what a line may say of free text and errors', () => {
  it('scrubs names, credit codes and long numbers, and keeps one short line', () => {
    expect(scrub('duplicate _id "320502198203174715" in persons')).toBe('duplicate _id "[id]" in persons');
    expect(scrub('no person 张伟 (91320211MA1X4Y5T2H), phone 13912345678')).toBe('no person … ([id]), phone [n]');
    expect(scrub(`first line\n    at secret (/app/x.ts:1:1)`)).toBe('first line');
    expect(scrub('x'.repeat(500))).toHaveLength(201);
  });

  it('gives an error its type, code and scrubbed message, never its stack', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { code: 'ECONNREFUSED' });
    expect(errorFields(err)).toEqual({ type: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:27017' });
    expect(JSON.stringify(errorFields(new TypeError('bad 320502198203174715')))).not.toMatch(/stack|320502/);
  });

  it("routes Apollo's own messages through the log: one scrubbed line, repeats counted", () => {
    vi.useFakeTimers();
    try {
      const cap = captureLog('debug');
      const logger = apolloLogger(cap.log, new FailureLog(cap.log));
      for (let i = 0; i < 50; i++) logger.error(new Error('Unexpected error during query plan execution: fetch failed\n    at x (y.js:1:1)'));
      logger.info('Gateway successfully loaded schema.');
      expect(cap.lines.map((l) => [l.level, l.msg, l.source])).toEqual([
        ['error', 'Error: Unexpected error during query plan execution: fetch failed', 'apollo'],
        ['debug', 'Gateway successfully loaded schema.', 'apollo'],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('metric labels', () => {
  it('keep the first operation names and the known ones, and count the rest as "other"', () => {
    const m = new ServiceMetrics('gateway', 'gateway', { knownOperations: ['Allowed'] });
    expect(m.operation(null)).toBe('anonymous');
    expect(m.operation('Applicant')).toBe('Applicant');
    // names that could carry an identifier never become a label
    expect(m.operation('_320502198203174715')).toBe('other');
    expect(m.operation('not a name')).toBe('other');
    for (let i = 0; i < 2 * MAX_OPERATIONS; i++) m.operation(`Made${i}`);
    expect(m.operation('Late')).toBe('other');
    expect(m.operation('Allowed')).toBe('Allowed');
    expect(m.operation('Applicant')).toBe('Applicant');
    expect(m.operation(`Made${MAX_OPERATIONS - 3}`)).toBe(`Made${MAX_OPERATIONS - 3}`);
  });
});

describe('a request outcome', () => {
  const single = (singleResult: object) => ({ kind: 'single' as const, singleResult });
  const denial = (count: number, reason = 'PURPOSE') => ({ message: 'x', path: ['p', 'f'], extensions: { code: 'FORBIDDEN', field: 'Person.phone', reason, count } });

  it('counts denials by the objects they hit, apart from errors', () => {
    expect(tally(200, single({ data: { p: {} }, errors: [denial(100), denial(2, 'NO_CONSENT')] }), true)).toEqual({
      outcome: 'ok',
      denials: 102,
      errors: 0,
      reasons: { PURPOSE: 100, NO_CONSENT: 2 },
    });
  });

  it('names what went wrong', () => {
    const err = (code: string) => ({ message: 'x', extensions: { code } });
    expect(tally(200, single({ data: { a: 1, b: null }, errors: [err('SERVICE_UNAVAILABLE')] }), true).outcome).toBe('partial');
    expect(tally(200, single({ data: { a: null }, errors: [err('SERVICE_UNAVAILABLE')] }), true).outcome).toBe('unavailable');
    expect(tally(200, single({ data: { a: null }, errors: [err('INTERNAL_SERVER_ERROR')] }), true).outcome).toBe('error');
    expect(tally(200, single({ data: null, errors: [err('BAD_USER_INPUT')] }), true).outcome).toBe('client_error');
    expect(tally(400, undefined, true).outcome).toBe('client_error');
    expect(tally(401, undefined, true).outcome).toBe('refused');
    expect(tally(429, undefined, true).outcome).toBe('limited');
    expect(tally(503, undefined, true).outcome).toBe('unavailable');
    expect(tally(500, undefined, true).outcome).toBe('error');
    expect(tally(200, undefined, false).outcome).toBe('aborted');
  });
});

describe('traceparent', () => {
  it('gives its trace id only when well-formed and not all zeros', () => {
    expect(traceIdOf('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(traceIdOf('00-00000000000000000000000000000000-b7ad6b7169203331-01')).toBeUndefined();
    expect(traceIdOf('00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01')).toBeUndefined();
    expect(traceIdOf('320502198203174715')).toBeUndefined();
    expect(traceIdOf(undefined)).toBeUndefined();
  });
});
