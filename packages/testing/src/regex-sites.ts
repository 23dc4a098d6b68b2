import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A regular expression written in the code: where, and its pattern and flags. */
export interface RegexSite {
  /** Relative to the root given to `regexSites`. */
  readonly file: string;
  readonly line: number;
  readonly source: string;
  readonly flags: string;
}

/** A `RegExp(…)` whose pattern is computed at run time, so no checker can read it from the code. */
export interface DynamicRegexSite {
  readonly file: string;
  readonly line: number;
  /** The constant it is assigned to (`HEAD_RE`), else the code of its pattern. */
  readonly name: string;
}

/** TypeScript sources of apps/<name>/src and packages/<name>/src, generated code left out. */
function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'generated') walk(path);
      } else if (/\.(?:ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(path);
      }
    }
  };
  for (const group of ['apps', 'packages']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const src = join(root, group, entry.name, 'src');
      try {
        walk(src);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  return out.sort();
}

/**
 * Every regex literal and `new RegExp(…)`/`RegExp(…)` call of the sources, read with the TypeScript
 * parser. A pattern built from string constants of the same file (`String.raw\`^${PC}\s+…\``) is
 * folded to its text, so composed patterns are checked too; one that needs run-time values is
 * returned as dynamic.
 */
export function regexSites(root: string): { sites: RegexSite[]; dynamic: DynamicRegexSite[] } {
  const sites: RegexSite[] = [];
  const dynamic: DynamicRegexSite[] = [];
  for (const path of sourceFiles(root)) {
    const file = relative(root, path);
    const kind = path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, kind);
    const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const { fold, regexLiteral } = folder(sf);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        sites.push({ file, line: lineOf(node), ...splitLiteral(node as ts.RegularExpressionLiteral) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern) {
          // `new RegExp(SOME_RE, 'g')` copies a regex literal: its pattern, and its flags unless given.
          const literal = regexLiteral(pattern);
          const source = literal ? literal.source : fold(pattern);
          const flagText = flags === undefined ? (literal?.flags ?? '') : fold(flags);
          if (source !== null && flagText !== null) sites.push({ file, line: lineOf(node), source, flags: flagText });
          else dynamic.push({ file, line: lineOf(node), name: ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(sf) : pattern.getText(sf) });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { sites, dynamic };
}

function splitLiteral(node: ts.RegularExpressionLiteral): { source: string; flags: string } {
  const slash = node.text.lastIndexOf('/');
  return { source: node.text.slice(1, slash), flags: node.text.slice(slash + 1) };
}

/**
 * `fold` reads an expression of string constants (literals, templates, `String.raw`, `+`, `const`
 * names of the file) as its value; `regexLiteral`, a regex literal or a `const` name of one.
 */
function folder(sf: ts.SourceFile): {
  fold: (expr: ts.Expression) => string | null;
  regexLiteral: (expr: ts.Expression) => { source: string; flags: string } | null;
} {
  const consts = new Map<string, ts.Expression | null>();
  const collect = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isVariableDeclarationList(node.parent) &&
      node.parent.flags & ts.NodeFlags.Const
    ) {
      // A name declared twice (in different scopes) is ambiguous here (null): it stays unfolded.
      consts.set(node.name.text, consts.has(node.name.text) ? null : node.initializer);
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const resolving = new Set<string>();
  const raw = (node: ts.TemplateLiteralLikeNode): string | null => node.rawText ?? null;
  const fold = (expr: ts.Expression, cooked = true): string | null => {
    if (ts.isStringLiteral(expr)) return expr.text;
    if (ts.isNoSubstitutionTemplateLiteral(expr)) return cooked ? expr.text : raw(expr);
    if (ts.isParenthesizedExpression(expr)) return fold(expr.expression);
    if (ts.isTemplateExpression(expr)) {
      let out = cooked ? expr.head.text : raw(expr.head);
      for (const span of expr.templateSpans) {
        const value = fold(span.expression);
        const literal = cooked ? span.literal.text : raw(span.literal);
        if (out === null || value === null || literal === null) return null;
        out += value + literal;
      }
      return out;
    }
    if (ts.isTaggedTemplateExpression(expr)) {
      const tag = expr.tag;
      const isRaw = ts.isPropertyAccessExpression(tag) && ts.isIdentifier(tag.expression) && tag.expression.text === 'String' && tag.name.text === 'raw';
      return isRaw ? fold(expr.template, false) : null;
    }
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = fold(expr.left);
      const right = fold(expr.right);
      return left === null || right === null ? null : left + right;
    }
    if (ts.isIdentifier(expr)) {
      const init = consts.get(expr.text);
      if (!init || resolving.has(expr.text)) return null;
      resolving.add(expr.text);
      try {
        return fold(init);
      } finally {
        resolving.delete(expr.text);
      }
    }
    return null;
  };
  const regexLiteral = (expr: ts.Expression): { source: string; flags: string } | null => {
    const init = ts.isIdentifier(expr) ? consts.get(expr.text) : expr;
    return init && init.kind === ts.SyntaxKind.RegularExpressionLiteral ? splitLiteral(init as ts.RegularExpressionLiteral) : null;
  };
  return { fold: (expr) => fold(expr), regexLiteral };
}
