/**
 * Bulk feeds (issue 13, item 1): an authority's NDJSON file through `POST /feeds` and through
 * `npm run feed`, reported line by line; a refused line leaves nothing behind (no listing, no
 * receipt, no audit record, no notice), an applied one everything; the same file sent again
 * changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCitizenId } from '../../subgraphs/shared/platform/ids.ts';
import { startTestHub, type TestHub } from '../support/hub.ts';

const COURT = 'court-nanjing-intermediate';
const 甲 = makeCitizenId('320105', '1981-04-04', 17);
const 乙 = makeCitizenId('320113', '1977-09-09', 33);
const [A, B] = ['(2026)苏01执7001号', '(2026)苏01执7002号'];

const court = (ref: string, subjectCode: string, subjectName: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    ref,
    list: 'DISHONEST_JUDGMENT_DEBTOR',
    subjectCode,
    subjectName,
    basis: '有履行能力而拒不履行',
    obligation: '支付工程款 30,000 元',
    severity: 'SERIOUS',
    listedAt: '2026-11-02',
    displayUntil: null,
    measures: ['HIGH_CONSUMPTION'],
    sourceDocument: `${ref}决定书`,
    ...over,
  });

/** good and bad lines: the numbers the report must name */
const FILE = [
  /* 1 */ court(A, 甲, '甲某'),
  /* 2 */ 'not json at all',
  /* 3 */ court('(2026)苏01执7003号', `${甲.slice(0, 17)}${甲[17] === '1' ? '2' : '1'}`, '坏号码'),
  /* 4 */ court('苏税稽罚〔2026〕7号', 乙, '乙某', { list: 'MAJOR_TAX_VIOLATION', obligation: undefined, displayUntil: undefined }),
  /* 5 */ '',
  /* 6 */ JSON.stringify({ op: 'END', ref: A, performedAt: '2026-11-25', sourceDocument: `${A}结案通知` }),
  /* 7 */ court(B, 乙, '乙某'),
  /* 8 */ court(B, 乙, '乙某', { obligation: '支付工程款 99,000 元' }),
  /* 9 */ JSON.stringify({ op: 'REVOKE', ref: '(2026)苏01执7999号', reason: '错列', sourceDocument: '撤销决定' }),
  /* 10 */ court('(2026)苏01执7004号', 乙, '乙某', { measures: ['PRISON'] }),
].join('\n');

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

const post = async (asker: string, body: string, type = 'application/x-ndjson') => {
  const res = await fetch(t.url.replace(/\/graphql$/, '/feeds'), { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${await t.token(asker)}` }, body });
  return { status: res.status, lines: (await res.text()).trim().split('\n').map((l) => JSON.parse(l)) };
};

describe('POST /feeds', () => {
  it('reports every line, in order: applied, or refused with the reason; blank lines keep their numbers', async () => {
    const { status, lines } = await post(COURT, FILE);
    expect(status).toBe(200);
    const summary = lines.pop();
    expect(summary).toEqual({ summary: { lines: 9, applied: 3, unchanged: 0, refused: 6 } });
    expect(lines.map((l) => [l.line, l.outcome, l.code ?? null])).toEqual([
      [1, 'APPLIED', null],
      [2, 'REFUSED', 'BAD_USER_INPUT'],
      [3, 'REFUSED', 'BAD_USER_INPUT'],
      [4, 'REFUSED', 'FORBIDDEN'],
      [6, 'APPLIED', null],
      [7, 'APPLIED', null],
      [8, 'REFUSED', 'BAD_USER_INPUT'],
      [9, 'REFUSED', 'BAD_USER_INPUT'],
      [10, 'REFUSED', 'BAD_USER_INPUT'],
    ]);
    expect(lines[1].reason).toMatch(/not JSON/);
    expect(lines[2].reason).toMatch(/subjectCode/);
    expect(lines[3].reason).toMatch(/MAJOR_TAX_VIOLATION/);
    expect(lines[4]).toMatchObject({ ref: A, operation: 'END', version: 2, status: 'REMOVED' });
    expect(lines[6].reason).toMatch(/CORRECT/);
    expect(lines[7].reason).toMatch(/no listing/);
    expect(lines[8].reason).toMatch(/measures/);
  });

  it('leaves nothing of a refused line and everything of an applied one', async () => {
    for (const ref of ['(2026)苏01执7003号', '苏税稽罚〔2026〕7号', '(2026)苏01执7004号', '(2026)苏01执7999号']) {
      expect(await t.store.collection('sanctionEntries').findOne({ _id: ref }), ref).toBeNull();
      expect(await t.store.collection('publications').count({ ref }), ref).toBe(0);
      expect(await t.store.collection('queryRecords').count({ target: ref }), ref).toBe(0);
      expect(await t.store.collection('notices').count({ ref }), ref).toBe(0);
    }
    expect(await t.store.collection('sanctionEntries').findOne({ _id: B })).toMatchObject({ obligation: '支付工程款 30,000 元', publication: { version: 1 } });
    expect((await t.store.collection('publications').find({ ref: A })).map((p) => p.operation).sort()).toEqual(['END', 'PUBLISH']);
    expect(await t.store.collection('queryRecords').count({ target: A })).toBe(2);
    expect(await t.store.collection('notices').count({ ref: B })).toBe(1);
  });

  it('answers the same file sent again UNCHANGED, line by line, and applies nothing twice', async () => {
    const { lines } = await post(COURT, FILE);
    expect(lines.pop()).toEqual({ summary: { lines: 9, applied: 0, unchanged: 3, refused: 6 } });
    expect(await t.store.collection('publications').count({ ref: A })).toBe(2);
    expect(await t.store.collection('queryRecords').count({ target: A })).toBe(2);
  });

  it('refuses a caller that is not an authority, line by line, and a body that is not NDJSON', async () => {
    const { lines } = await post('bank-jinling', court('(2026)苏01执7005号', 乙, '乙某'));
    expect(lines[0]).toMatchObject({ line: 1, outcome: 'REFUSED', code: 'FORBIDDEN' });
    // a refused caller costs the batches in flight when the first refusal comes back: the feed stops
    // there, every line sent reported, the rest of the file unread
    const big = Array.from({ length: 5000 }, (_, i) => court(`(2026)苏01执${20000 + i}号`, 乙, '乙某')).join('\n');
    const stopped = (await post('bank-jinling', big)).lines;
    expect(stopped.at(-1)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const reported = stopped.slice(0, -1);
    expect(reported.length).toBeLessThan(5000);
    expect(reported.length % 1000).toBe(0);
    expect(reported.every((l: { outcome: string; code: string }) => l.outcome === 'REFUSED' && l.code === 'FORBIDDEN')).toBe(true);
    expect((await post(COURT, '{}', 'application/json')).status).toBe(415);
    const anonymous = await fetch(t.url.replace(/\/graphql$/, '/feeds'), { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: '{}' });
    expect(anonymous.status).toBe(401);
  });
});

describe('npm run feed', () => {
  it('sends a file with the authority’s token and writes the line-by-line report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'credithub-feed-'));
    const file = join(dir, 'court.ndjson');
    const report = join(dir, 'report.ndjson');
    writeFileSync(file, [court('(2026)苏01执7101号', 乙, '乙某'), 'oops', court('(2026)苏01执7102号', 甲, '甲某')].join('\n'));
    const token = await t.token(COURT);
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'gateway/feed.ts', '--file', file, '--token', token, '--url', t.url, '--report', report], { cwd: process.cwd() }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/3 lines .* 2 applied, 0 unchanged, 1 refused/);
    const lines = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.line, l.outcome])).toEqual([
      [1, 'APPLIED'],
      [2, 'REFUSED'],
      [3, 'APPLIED'],
    ]);
  }, 60_000);
});
