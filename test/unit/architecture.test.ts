/**
 * The layering of the tree, checked from its imports (README, "Where things go"). The graph is read
 * with TypeScript's own parser, type-only imports included: a type import is a dependency too.
 * Dynamic imports (`await import(…)`, loaded only on a configured path) are kept apart from static
 * ones. Every rule names the offending edges, so a failure says what to move.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../../subgraphs/list.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = ['gateway', 'subgraphs', 'schema'];

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Imports {
  static: string[];
  dynamic: string[];
}

/** A file's imports of project files (relative specifiers), as paths from the repository root. */
function importsOf(file: string): Imports {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Imports = { static: [], dynamic: [] };
  const add = (list: string[], spec: ts.Node | undefined) => {
    if (spec && ts.isStringLiteralLike(spec) && spec.text.startsWith('.')) list.push(relative(ROOT, resolve(ROOT, dirname(file), spec.text)));
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(found.static, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(found.dynamic, node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = SOURCES.flatMap(tsFiles);
const imports = new Map(files.map((f) => [f, importsOf(f)]));
/** the static import graph: what loading a file loads */
const graph = new Map([...imports].map(([f, i]) => [f, i.static]));
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
const dynamicEdges = [...imports].flatMap(([from, i]) => i.dynamic.map((to) => ({ from, to })));
const allEdges = [...edges, ...dynamicEdges];
const show = (list: { from: string; to: string }[]) => list.map((e) => `${e.from} -> ${e.to}`);

/** Every file reachable from these entry files. */
function closure(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...entries];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (f.startsWith('test/')) continue;
    stack.push(...(graph.get(f) ?? []));
  }
  return seen;
}

/** The cycles of the graph (Tarjan's strongly connected components of more than one file, or a file importing itself). */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const f of graph.keys()) if (!idx.has(f)) visit(f);
  return found;
}

const inSubgraph = (f: string) => SUBGRAPH_NAMES.find((n) => f.startsWith(`subgraphs/${n}/`));

describe('the import graph', () => {
  it('reads every source file and resolves the imports it follows', () => {
    // the rules below are only as good as the graph: it must see the tree, and every edge must land on a file
    expect(files.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(300);
    expect(dynamicEdges.length).toBeGreaterThan(0);
    const dangling = allEdges.filter((e) => !e.to.startsWith('test/') && !graph.has(e.to) && !/\.(json|graphql|mjs|js)$/.test(e.to));
    expect(show(dangling)).toEqual([]);
  });

  it('has no cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps subgraphs/shared free of any subgraph and of the modules that list them', () => {
    const bad = allEdges.filter(
      (e) => e.from.startsWith('subgraphs/shared/') && (inSubgraph(e.to) || ['subgraphs/index.ts', 'subgraphs/collections.ts', 'subgraphs/serve.ts'].includes(e.to)),
    );
    expect(show(bad)).toEqual([]);
  });

  it('keeps each subgraph out of the others: what they share goes through subgraphs/shared', () => {
    const bad = allEdges.filter((e) => inSubgraph(e.from) && inSubgraph(e.to) && inSubgraph(e.from) !== inSubgraph(e.to));
    expect(show(bad)).toEqual([]);
  });

  it('keeps the runtime free of the tests, the fixtures and the demo', () => {
    const runtime = files.filter((f) => !f.startsWith('gateway/dev/') && !f.startsWith('schema/'));
    const bad = edges.filter((e) => runtime.includes(e.from) && (e.to.startsWith('test/') || e.to.startsWith('gateway/dev/')));
    // the operator's CLI talks to the development admin API when there is no MongoDB: the one exception, and a CLI
    expect(show(bad.filter((e) => !(e.from === 'gateway/clients.ts' && e.to === 'gateway/dev/admin.ts')))).toEqual([]);
    // what a production gateway loads with the explorer on (HUB_EXPLORER) reads no fixture either
    expect([...closure(['gateway/dev/portal.ts'])].filter((f) => f.startsWith('test/'))).toEqual([]);
  });

  it('gives the production gateway its own files, the wire protocol and the platform: never the policy engine, the facts or a subgraph', () => {
    const reached = closure(['gateway/main.ts', 'gateway/hive.ts']);
    const bad = [...reached].filter(
      (f) =>
        f.startsWith('gateway/dev/') ||
        f.startsWith('test/') ||
        f.startsWith('subgraphs/shared/policy/') ||
        f.startsWith('subgraphs/shared/facts/') ||
        inSubgraph(f) !== undefined ||
        ['subgraphs/index.ts', 'subgraphs/collections.ts', 'subgraphs/serve.ts'].includes(f),
    );
    expect(bad).toEqual([]);
    // and it does reach what it needs: the rule is not vacuous
    expect(reached.has('subgraphs/shared/wire/assertion.ts')).toBe(true);
    const direct = edges.filter((e) => e.from.startsWith('gateway/') && !e.from.startsWith('gateway/dev/') && e.to.startsWith('subgraphs/'));
    expect(show(direct.filter((e) => !/^subgraphs\/shared\/(wire|platform)\//.test(e.to)))).toEqual([]);
    // the one path it loads on demand: the developer portal, when the operator turns the explorer on
    const onDemand = dynamicEdges.filter((e) => e.from.startsWith('gateway/') && !e.from.startsWith('gateway/dev/'));
    expect(show(onDemand)).toEqual(['gateway/index.ts -> gateway/dev/portal.ts']);
  });

  it('serves a subgraph without the gateway, the tests or the demo', () => {
    const reached = closure(['subgraphs/serve.ts']);
    expect([...reached].filter((f) => f.startsWith('gateway/') || f.startsWith('test/'))).toEqual([]);
    expect(reached.has('subgraphs/shared/policy/guards.ts')).toBe(true);
  });

  it('finds a cycle and a crossing when there is one (the checks can fail)', () => {
    graph.set('subgraphs/shared/policy/__probe.ts', ['subgraphs/persons/index.ts', 'subgraphs/shared/policy/__probe.ts']);
    try {
      expect(cycles().some((c) => c.includes('subgraphs/shared/policy/__probe.ts'))).toBe(true);
      expect(closure(['subgraphs/shared/policy/__probe.ts']).has('subgraphs/persons/index.ts')).toBe(true);
    } finally {
      graph.delete('subgraphs/shared/policy/__probe.ts');
    }
  });
});
