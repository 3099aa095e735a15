/**
 * Every GraphQL operation written as a template literal in the supergraph, hive, e2e, mongo and
 * policy tests carries the `/* GraphQL *\/` tag right before it, so that editors, graphql-config,
 * GraphQL Code Generator's document scanner and prettier recognise it. The literals are found with
 * TypeScript's own parser (no backtick counting); a literal is an operation when it starts, after
 * optional whitespace, with `query`, `mutation`, `subscription`, `fragment` or `{` and its first
 * selection is a field (or a spread).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** The files whose operations must be tagged: every .ts under these folders, or only its tests. */
const SCANNED: { dir: string; recursive: boolean; tests: boolean }[] = [
  { dir: 'test/supergraph', recursive: true, tests: false },
  { dir: 'test/hive', recursive: true, tests: false },
  { dir: 'test/e2e', recursive: false, tests: true },
  { dir: 'test/mongo', recursive: false, tests: true },
  { dir: 'test/policy', recursive: false, tests: true },
];

function filesIn(dir: string, recursive: boolean, tests: boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return recursive ? filesIn(path, recursive, tests) : [];
    return e.name.endsWith(tests ? '.test.ts' : '.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const FILES = SCANNED.flatMap((s) => filesIn(s.dir, s.recursive, s.tests)).sort();

/**
 * An operation: a keyword with its name, variables and directives up to the first brace (no
 * interpolation in between), or a bare selection set; either way its first selection is a field
 * (perhaps aliased) or a spread.
 */
const OPERATION = /^\s*(?:(?:query|mutation|subscription|fragment)\b(?:[^{$`]|\$(?!\{))*)?\{\s*(?:[_A-Za-z]|\.\.\.)/;
const TAG = /\/\*\s*GraphQL\s*\*\/\s*$/;

interface Untagged {
  line: number;
  text: string;
}

/** The template literals of a source that look like operations and have no tag right before them. */
function untaggedOperations(file: string, source: string): Untagged[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Untagged[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const start = node.getStart(sf);
      const text = source.slice(start + 1, node.end - 1);
      if (OPERATION.test(text) && !TAG.test(source.slice(0, start))) {
        found.push({ line: sf.getLineAndCharacterOfPosition(start).line + 1, text: text.replace(/\s+/g, ' ').trim().slice(0, 80) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** How many template literals of a source carry the tag. */
const taggedCount = (source: string) => [...source.matchAll(/\/\*\s*GraphQL\s*\*\/\s*`/g)].length;

describe('the check itself', () => {
  // a small sample: what it must flag, and what it must leave alone
  const sample = [
    'const a = /* GraphQL */ `query($c: ID!) { person(creditCode: $c) { name } }`;',
    'const b = `query($c: ID!) { person(creditCode: $c) { name } }`;',
    'const c = t.query(x, `{ person(creditCode: "${code}") { phone } }`);',
    'const d = `\n  mutation Revoke($id: ID!) {\n    revokeConsent(id: $id) { id }\n  }\n`;',
    'const e = `{ a0: persons(creditCodes: $c) { creditCode } }`;',
    'const f = `fragment P on Person { name }`;',
    'const g = `subscription { changes { ref } }`;',
    'const h = `{ ... on Person { name } }`;',
    'const i = /* GraphQL */ `\n  {\n    __typename\n  }\n`;',
    'const j = `${origin}/explorer`;',
    'const k = `query ${id} failed`;',
    'const l = `{}`;',
    "const m = '{ person(creditCode: \"1\") { name } }';",
    'const n = `mutation`;',
    'const o = /* GraphQL */ `{ x }` + `queryRecords: ${n}`;',
  ].join('\n');

  it('flags exactly the untagged operations of a sample', () => {
    const lines = sample.split('\n');
    const names = untaggedOperations('sample.ts', sample).map((u) => /^const (\w)/.exec(lines[u.line - 1]!)?.[1]);
    expect(names).toEqual(['b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('takes a tag only when it is right before the literal', () => {
    expect(untaggedOperations('s.ts', 'const a = /* GraphQL */ `{ x }`;')).toEqual([]);
    expect(untaggedOperations('s.ts', 'const a = /*GraphQL*/\n  `{ x }`;')).toEqual([]);
    expect(untaggedOperations('s.ts', '/* GraphQL */ const a = f(`{ x }`);')).toHaveLength(1);
    expect(untaggedOperations('s.ts', 'const a = /* GraphQL */ 1, b = `{ x }`;')).toHaveLength(1);
  });
});

describe('GraphQL operations in the supergraph, hive, e2e, mongo and policy tests', () => {
  it('finds the files to check', () => {
    expect(FILES).toEqual(expect.arrayContaining(['test/supergraph/checks.ts', 'test/supergraph/lifecycle.test.ts', 'test/hive/gateway.test.ts']));
    // the tag is used throughout: an empty file list or a broken read would not pass silently
    expect(FILES.reduce((n, f) => n + taggedCount(readFileSync(join(ROOT, f), 'utf8')), 0)).toBeGreaterThan(100);
  });

  it.each(FILES.map((f) => [relative('.', f), f]))('%s: every operation is tagged /* GraphQL */', (_, file) => {
    const untagged = untaggedOperations(file, readFileSync(join(ROOT, file), 'utf8'));
    expect(untagged.map((u) => `${file}:${u.line}: ${u.text}`)).toEqual([]);
  });
});
