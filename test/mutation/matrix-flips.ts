/**
 * `npm run test:matrix-flips`: every single-cell change to the access matrix, and whether a test
 * notices it. A flip is A→D, D→A, M→A, M→D, or an M cell with one of its reduced forms dropped;
 * a cell split by subject kind is flipped one side at a time.
 *
 * For each flip:
 *  (a) does it change what anyone sees? decide() is asked, in this process, with the original and
 *      the flipped table, for every purpose, subject kind, consent state (NONE, VALID, EXPIRED,
 *      REVOKED), own file or not, class and form;
 *  (b) is it caught? The tests run against the flipped table: first the independent spec
 *      (test/policy/matrix-spec.test.ts), and only when it passes, the policy, subgraph and
 *      supergraph suites.
 * Exit 1 when a flip that changes what anyone sees passes every test.
 *
 * The working tree is never edited: the tests run in a copy under the system's temp directory
 * whose matrix.ts applies the flip named in an environment variable, and the copy is removed on
 * exit, Ctrl-C included.
 *
 *   npm run test:matrix-flips [-- --only TAX_VIOLATION] [-- --quick] [-- --no-tests]
 *
 * --quick skips the suites for flips that change nothing anyone sees (most of the run's time);
 * --no-tests only computes which flips change what anyone sees.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubjectKind } from '../../subgraphs/shared/platform/ids.ts';
import type { Purpose } from '../../subgraphs/shared/wire/purposes.ts';
import { decide, type ConsentState, type Subject } from '../../subgraphs/shared/policy/decide.ts';
import { FACT_CLASSES, FORMS, MATRIX, PURPOSES, type Access, type Cell, type FactClass } from '../../subgraphs/shared/policy/matrix.ts';
import type { Viewer } from '../../subgraphs/shared/wire/viewer.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const MATRIX_FILE = 'subgraphs/shared/policy/matrix.ts';
const SPEC = ['test/policy/matrix-spec.test.ts'];
const SUITES = ['test/policy', 'test/subgraphs', 'test/supergraph'];
const FLIP_ENV = 'CREDITHUB_MATRIX_FLIP';

export interface Flip {
  cls: FactClass;
  purpose: Purpose;
  side?: 'person' | 'organisation';
  label: string;
  /** the whole new cell, both sides of a split one */
  cell: Cell;
}

const show = (a: Access) => (typeof a === 'string' ? a : `M(${a.M.join(',')})`);
const isSplit = (c: Cell): c is Extract<Cell, { readonly person: Access }> => typeof c === 'object' && 'person' in c;

function variants(a: Access): [string, Access][] {
  if (a === 'A') return [['A→D', 'D']];
  if (a === 'D') return [['D→A', 'A']];
  const out: [string, Access][] = [[`${show(a)}→A`, 'A'], [`${show(a)}→D`, 'D']];
  // dropping the only form leaves M() — the same as D, already listed
  if (a.M.length > 1) for (const f of a.M) out.push([`${show(a)} without ${f}`, { M: a.M.filter((x) => x !== f) }]);
  return out;
}

export function enumerateFlips(): Flip[] {
  const flips: Flip[] = [];
  for (const cls of FACT_CLASSES) {
    for (const purpose of PURPOSES) {
      const cell = MATRIX[cls][purpose];
      if (isSplit(cell)) {
        for (const side of ['person', 'organisation'] as const) {
          for (const [what, to] of variants(cell[side])) {
            flips.push({ cls, purpose, side, label: `${cls} × ${purpose} (${side}): ${what}`, cell: { ...cell, [side]: to } });
          }
        }
      } else {
        for (const [what, to] of variants(cell)) flips.push({ cls, purpose, label: `${cls} × ${purpose}: ${what}`, cell: to });
      }
    }
  }
  return flips;
}

// ---------- (a) what anyone sees ----------

const SUBJECTS: Subject[] = [
  { code: '320106197805123519', kind: 'PERSON' },
  { code: '91320211MA1X4Y5T2H', kind: 'ORGANISATION' },
];
const VIEWERS: Viewer[] = [
  ...PURPOSES.filter((p) => p !== 'SELF_ACCESS').map((purpose): Viewer => ({ kind: 'CLIENT', client: `client-${purpose}`, clientKind: 'BANK', purpose })),
  { kind: 'SUBJECT', subject: '320106197805123519', purpose: 'SELF_ACCESS' },
  { kind: 'SUBJECT', subject: '320502198203174715', purpose: 'SELF_ACCESS' },
];
const CONSENTS: ConsentState[] = [{ state: 'NONE' }, { state: 'VALID' }, { state: 'EXPIRED' }, { state: 'REVOKED' }];

/** Every answer decide() gives, as one string of 0s and 1s. */
function everythingSeen(): string {
  let out = '';
  for (const viewer of VIEWERS) {
    for (const subject of SUBJECTS) {
      for (const consent of CONSENTS) {
        for (const cls of FACT_CLASSES) for (const form of FORMS) out += decide(viewer, subject, cls, form, consent).allowed ? '1' : '0';
      }
    }
  }
  return out;
}

export function changesVisibility(flip: Flip, baseline = everythingSeen()): boolean {
  const row = MATRIX[flip.cls] as Record<Purpose, Cell>;
  const saved = row[flip.purpose];
  row[flip.purpose] = flip.cell;
  try {
    return everythingSeen() !== baseline;
  } finally {
    row[flip.purpose] = saved;
  }
}

// ---------- (b) whether a test notices ----------

/** A copy of the tree whose matrix.ts applies the flip named in FLIP_ENV, and its removal. */
function prepareCopy(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'credithub-flips-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const skip = new Set(['node_modules', '.git', '.cache', 'coverage']);
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !skip.has(relative(ROOT, src).split(/[\\/]/)[0]!) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  appendFileSync(
    join(dir, MATRIX_FILE),
    `\n// test:matrix-flips: the one cell this run changes\n{\n  const flip = process.env.${FLIP_ENV};\n` +
      `  if (flip) {\n    const { cls, purpose, cell } = JSON.parse(flip) as { cls: FactClass; purpose: Purpose; cell: Cell };\n` +
      `    (MATRIX[cls] as Record<Purpose, Cell>)[purpose] = cell;\n  }\n}\n`,
  );
  return { dir, remove };
}

/** Runs vitest in the copy; true when every test passes. Asynchronous, so that Ctrl-C is heard between runs. */
function vitest(dir: string, files: string[], flip: Flip | undefined): Promise<boolean> {
  const env = { ...process.env, [FLIP_ENV]: flip ? JSON.stringify({ cls: flip.cls, purpose: flip.purpose, cell: flip.cell }) : '' };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...files, '--reporter=dot'], { cwd: dir, env, stdio: 'ignore' });
    child.once('error', fail);
    child.once('exit', (code) => done(code === 0));
  });
}

// ---------- the run ----------

async function main(argv: string[]): Promise<number> {
  const noTests = argv.includes('--no-tests');
  const quick = argv.includes('--quick');
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const baseline = everythingSeen();
  const flips = enumerateFlips().filter((f) => !only || f.label.includes(only));
  const rows = flips.map((flip) => ({ flip, visible: changesVisibility(flip, baseline), caught: undefined as undefined | 'spec' | 'suites' | 'skipped' | 'no' }));

  if (!noTests) {
    const copy = prepareCopy();
    let interrupted: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      interrupted = signal;
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    // also on a crash: 'exit' comes after an uncaught exception too
    process.once('exit', copy.remove);
    try {
      process.stdout.write('unchanged table: ');
      const sound = (await vitest(copy.dir, SPEC, undefined)) && (await vitest(copy.dir, SUITES, undefined));
      if (interrupted) {
        console.error(`stopped by ${interrupted}; the working tree was never changed, and the copy is removed`);
        return 130;
      }
      if (!sound) {
        console.error('the tests fail on the unchanged table: fix them first, a flip run would mean nothing');
        return 2;
      }
      console.log('the spec and the suites pass');
      const started = Date.now();
      for (const [i, row] of rows.entries()) {
        if (interrupted) break;
        process.stdout.write(`[${i + 1}/${rows.length}] ${row.flip.label}: `);
        if (!(await vitest(copy.dir, SPEC, row.flip))) row.caught = 'spec';
        else if (quick && !row.visible) row.caught = 'skipped';
        else row.caught = (await vitest(copy.dir, SUITES, row.flip)) ? 'no' : 'suites';
        // a test run cut short by Ctrl-C says nothing about the flip
        if (interrupted) row.caught = undefined;
        console.log(
          row.caught === undefined ? 'interrupted' : row.caught === 'no' ? 'passes every test' : row.caught === 'skipped' ? 'passes the spec (suites skipped)' : `caught by the ${row.caught}`,
        );
      }
      console.log(`(tests took ${Math.round((Date.now() - started) / 1000)} s)`);
    } finally {
      copy.remove();
    }
    if (interrupted) {
      console.error(`stopped by ${interrupted}; the working tree was never changed, and the copy is removed`);
      return 130;
    }
  }

  const width = Math.max(...rows.map((r) => r.flip.label.length), 4);
  console.log(`\n${'flip'.padEnd(width)}  changes visibility  caught`);
  for (const r of rows) {
    const caught = r.caught === undefined ? '-' : r.caught === 'no' ? 'no' : r.caught === 'skipped' ? 'not by the spec; suites skipped' : `yes (${r.caught})`;
    const alarm = r.visible && r.caught === 'no' ? '   <- UNCAUGHT' : '';
    console.log(`${r.flip.label.padEnd(width)}  ${(r.visible ? 'yes' : 'no').padEnd(18)}  ${caught}${alarm}`);
  }
  const visible = rows.filter((r) => r.visible);
  const count = (rs: typeof rows, c: (r: (typeof rows)[number]) => boolean) => rs.filter(c).length;
  console.log(`\n${rows.length} flips; ${visible.length} change what someone sees, ${rows.length - visible.length} do not.`);
  if (noTests) return 0;
  const uncaught = visible.filter((r) => r.caught === 'no');
  console.log(
    `caught: ${count(rows, (r) => r.caught === 'spec' || r.caught === 'suites')} of ${rows.length} (${count(rows, (r) => r.caught === 'spec')} by the spec, ${count(rows, (r) => r.caught === 'suites')} only by the other suites); ` +
      `of those that change what someone sees, ${visible.length - uncaught.length} of ${visible.length} caught, ${uncaught.length} uncaught.`,
  );
  return uncaught.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
