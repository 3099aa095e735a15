/**
 * Scores Stryker's JSON report per file, leaving out the mutants that only change message text,
 * and fails when any file is under the threshold.
 *
 *   score = (killed + timed out) / (killed + timed out + survived + no coverage)
 *
 * over the counted mutants. Compile and runtime errors are not mutants anyone could kill, and are
 * left out as Stryker leaves them out.
 *
 * Message text: a mutant is not counted when everything it replaces lies inside a message
 * expression, which this code base writes in three ways (read from the mutated files):
 *   1. the first argument of `new <Something>Error(...)` (Error, RangeError, GraphQLError,
 *      RegistryError), the second of `new TokenError(problem, message)` and none of
 *      `new CallError(problem)` (their first argument is a problem code, which counts), or the first
 *      argument of a helper whose first parameter is only the text of an error: the hub's client errors
 *      (`badUserInput`, `unauthenticated`, `forbidden`, `serviceUnavailable`, subgraphs/shared/platform/errors.ts)
 *      and the identifier module's `badInput(label, …)` and `lengthProblem(what, …)`;
 *   2. the value of a `message:` property (an IdProblem's explanation);
 *   3. the value of a `reason:` property when it is prose: a template literal, or a string with a
 *      space in it (a refused repair's explanation in lifecycle.ts).
 * A `reason:` that is a code (`'PURPOSE'`, `'NO_CONSENT'`, `'UNKNOWN_PURPOSE'`) is part of the API
 * and counts; so do the other arguments of those helpers (`forbidden`'s extensions), anything that
 * decides whether an error is thrown at all, and helpers that compute text outside a message
 * expression (`describeChar`, `MONTH_NAMES`): tests state those in words.
 *
 *   npx tsx test/mutation/score.ts [--report .cache/stryker/mutation.json] [--quiet] [file …]
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import targets from './targets.json' with { type: 'json' };

export const THRESHOLD = 90;
export const DEFAULT_REPORT = '.cache/stryker/mutation.json';

/** Helpers whose first argument is nothing but the text of an error. */
const MESSAGE_FIRST = new Set(['badUserInput', 'unauthenticated', 'forbidden', 'serviceUnavailable', 'badInput', 'lengthProblem']);

/** Error classes whose first argument is a problem code: the index of their message argument, if any. */
const CODE_FIRST = new Map<string, number | null>([
  ['TokenError', 1],
  ['CallError', null],
]);

type Status = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

interface Position {
  line: number;
  column: number;
}

interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  location: { start: Position; end: Position };
  status: Status;
  statusReason?: string;
}

export interface Report {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

export interface FileScore {
  file: string;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** mutants that only change message text, whatever their status */
  message: number;
  /** hit only while modules load, so not run (`ignoreStatic`) */
  static: number;
  /** marked equivalent in the source: `// Stryker disable next-line <mutator>: <why>` (not counted; listed with the reason) */
  equivalent: number;
  equivalents: { line: number; column: number; mutator: string; reason: string }[];
  /** compile or runtime errors, or never run */
  other: number;
  /** the score over the counted mutants; null when none counts */
  score: number | null;
  /** Stryker's own score: every valid mutant, message text included */
  rawScore: number | null;
  undetected: { line: number; column: number; mutator: string; replacement: string; status: Status }[];
}

/** [start, end) offsets of the message expressions of a source file. */
export function messageRanges(source: string, fileName = 'file.ts'): [number, number][] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const ranges: [number, number][] = [];
  const add = (node: ts.Node) => ranges.push([node.getStart(sf), node.getEnd()]);
  const calleeName = (e: ts.Expression): string | undefined =>
    ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  const isProse = (e: ts.Expression) =>
    ts.isTemplateExpression(e) || ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && /\s/.test(e.text));

  const visit = (node: ts.Node) => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.length) {
      const name = calleeName(node.expression);
      const errorClass = ts.isNewExpression(node) && name !== undefined && /Error$/.test(name);
      if (errorClass && CODE_FIRST.has(name)) {
        const at = CODE_FIRST.get(name);
        if (at != null && node.arguments[at]) add(node.arguments[at]);
      } else if (errorClass || (name !== undefined && MESSAGE_FIRST.has(name))) add(node.arguments[0]!);
    }
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      if (node.name.text === 'message') add(node.initializer);
      if (node.name.text === 'reason' && isProse(node.initializer)) add(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return ranges;
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function scoreFile(file: string, entry: Report['files'][string]): FileScore {
  const starts = lineStarts(entry.source);
  // Stryker's lines and columns both start at one.
  const offset = (p: Position) => starts[p.line - 1]! + p.column - 1;
  const ranges = messageRanges(entry.source, file);
  const inMessage = (m: ReportMutant) => {
    const from = offset(m.location.start);
    const to = offset(m.location.end);
    return ranges.some(([s, e]) => s <= from && to <= e);
  };
  const s: FileScore = { file, killed: 0, timeout: 0, survived: 0, noCoverage: 0, message: 0, static: 0, equivalent: 0, other: 0, score: null, rawScore: null, undetected: [], equivalents: [] };
  let rawDetected = 0;
  let rawValid = 0;
  for (const m of entry.mutants) {
    const valid = m.status === 'Killed' || m.status === 'Timeout' || m.status === 'Survived' || m.status === 'NoCoverage';
    if (valid) {
      rawValid++;
      if (m.status === 'Killed' || m.status === 'Timeout') rawDetected++;
    }
    if (m.status === 'Ignored' && /static/i.test(m.statusReason ?? '')) s.static++;
    else if (m.status === 'Ignored') {
      // a `// Stryker disable next-line <mutator>: <why>` comment in the source: an equivalent mutant, shown with its reason
      s.equivalent++;
      s.equivalents.push({ ...m.location.start, mutator: m.mutatorName, reason: m.statusReason ?? '' });
    } else if (!valid) s.other++;
    else if (inMessage(m)) s.message++;
    else if (m.status === 'Killed') s.killed++;
    else if (m.status === 'Timeout') s.timeout++;
    else {
      if (m.status === 'Survived') s.survived++;
      else s.noCoverage++;
      s.undetected.push({ ...m.location.start, mutator: m.mutatorName, replacement: m.replacement ?? '', status: m.status });
    }
  }
  const counted = s.killed + s.timeout + s.survived + s.noCoverage;
  s.score = counted ? (100 * (s.killed + s.timeout)) / counted : null;
  s.rawScore = rawValid ? (100 * rawDetected) / rawValid : null;
  s.undetected.sort((a, b) => a.line - b.line || a.column - b.column);
  return s;
}

const normalise = (p: string) => p.replaceAll('\\', '/').replace(/^\.\//, '');

/** One score per file asked for; a file absent from the report has no entry. */
export function scoreReport(report: Report, files: readonly string[]): Map<string, FileScore | undefined> {
  const byFile = new Map(Object.entries(report.files).map(([name, entry]) => [normalise(name), entry] as const));
  return new Map(files.map((f) => {
    const entry = byFile.get(normalise(f));
    return [f, entry && scoreFile(f, entry)] as const;
  }));
}

const pct = (x: number | null) => (x === null ? '   n/a' : `${x.toFixed(1).padStart(5)} %`);

/** Prints the undetected mutants and the table; true when every file is measured and at the threshold. */
export function printScores(scores: Map<string, FileScore | undefined>, { quiet = false, threshold = THRESHOLD } = {}): boolean {
  if (!quiet) {
    for (const s of scores.values()) {
      for (const e of s?.equivalents ?? []) console.log(`${s!.file}:${e.line}:${e.column}  marked equivalent  ${e.mutator}: ${e.reason}`);
      if (!s?.undetected.length) continue;
      console.log(`\n${s.file}: ${s.undetected.length} undetected`);
      for (const u of s.undetected) {
        const replacement = u.replacement.replace(/\s+/g, ' ');
        console.log(`  ${u.line}:${u.column}  ${u.status === 'NoCoverage' ? 'no coverage' : 'survived'}  ${u.mutator}  → ${replacement.length > 70 ? `${replacement.slice(0, 70)}…` : replacement}`);
      }
    }
  }
  const width = Math.max(...[...scores.keys()].map((f) => f.length));
  console.log(`\n${'file'.padEnd(width)}  killed  timeout  survived  no-cov  message  static  equiv.  score    (all)`);
  let ok = true;
  for (const [file, s] of scores) {
    if (!s) {
      ok = false;
      console.log(`${file.padEnd(width)}  not in the report: run the mutation run on it (or fix test/mutation/targets.json)`);
      continue;
    }
    const under = s.score !== null && s.score < threshold;
    if (under) ok = false;
    const n = (x: number, w: number) => String(x).padStart(w);
    console.log(
      `${file.padEnd(width)}  ${n(s.killed, 6)}  ${n(s.timeout, 7)}  ${n(s.survived, 8)}  ${n(s.noCoverage, 6)}  ${n(s.message, 7)}  ${n(s.static, 6)}  ${n(s.equivalent, 6)}  ${pct(s.score)}  ${pct(s.rawScore)}${under ? `  UNDER ${threshold} %` : ''}`,
    );
  }
  console.log(
    `\nscore = (killed + timeout) / (killed + timeout + survived + no-cov), message-text mutants left out; (all) counts them too.` +
      `\nstatic: hit only while modules load, not run (the matrix table is checked by npm run test:matrix-flips). equiv.: marked equivalent in the source (a Stryker disable comment with its reason, listed above), not counted. Threshold ${threshold} % per file.`,
  );
  return ok;
}

/** The files of targets.json that exist; a listed file that is gone is an error, not a silent drop. */
export function targetFiles(): string[] {
  const missing = targets.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`test/mutation/targets.json lists files that do not exist: ${missing.join(', ')}`);
  return targets;
}

function main(argv: string[]): number {
  let reportPath = DEFAULT_REPORT;
  let quiet = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--report') reportPath = argv[++i]!;
    else if (a === '--quiet') quiet = true;
    else files.push(normalise(a));
  }
  if (!existsSync(reportPath)) {
    console.error(`No mutation report at ${reportPath}: run \`npm run test:mutation\` first.`);
    return 2;
  }
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
  return printScores(scoreReport(report, files.length ? files : targetFiles()), { quiet }) ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
