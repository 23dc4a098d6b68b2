import { readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { workflowBundling } from './bundling';

/**
 * Every workflow shares one instance of the preloaded modules (bundling.ts). A module-level `let`,
 * collection or side effect in one of ours would be state that one workflow's run leaks into
 * another's, which no single-workflow test would see. So their top level may only define.
 */

/** Calls that make a definition and hold no state: message definitions and activity proxies. */
const DEFINING_CALLS = new Set(['defineUpdate', 'defineSignal', 'defineQuery', 'proxyActivities', 'proxyLocalActivities']);

function isDefinition(expression: ts.Expression): boolean {
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return true;
  if (ts.isStringLiteral(expression) || ts.isNumericLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return true;
  if (ts.isCallExpression(expression)) return ts.isIdentifier(expression.expression) && DEFINING_CALLS.has(expression.expression.text);
  return false;
}

/** The top-level statements of `source` that do more than define, as "line: text". */
function moduleStateIn(source: string): string[] {
  const file = ts.createSourceFile('module.ts', source, ts.ScriptTarget.Latest, true);
  const offending: string[] = [];
  for (const statement of file.statements) {
    const defines =
      ts.isImportDeclaration(statement) ||
      ts.isExportDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isFunctionDeclaration(statement) ||
      (ts.isVariableStatement(statement) &&
        (statement.declarationList.flags & ts.NodeFlags.Const) !== 0 &&
        statement.declarationList.declarations.every((d) => d.initializer !== undefined && isDefinition(d.initializer)));
    if (!defines) {
      const line = file.getLineAndCharacterOfPosition(statement.getStart()).line + 1;
      offending.push(`${line}: ${statement.getText().split('\n')[0]}`);
    }
  }
  return offending;
}

/** `path` and the modules of this package it imports for values, transitively. */
function localModules(path: string, seen = new Set<string>()): Set<string> {
  if (seen.has(path)) return seen;
  seen.add(path);
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  for (const statement of file.statements) {
    // Imports for values, and re-exports of values (the workflows' entry point only re-exports).
    const loads =
      (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) ||
      (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier !== undefined);
    if (!loads) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (specifier.startsWith('.')) localModules(fileURLToPath(new URL(`${specifier}.ts`, pathToFileURL(path))), seen);
  }
  return seen;
}

describe('the workflow modules every workflow shares', () => {
  const ours = [...localModules(workflowBundling.workflowsPath)];

  it('are the workflow functions and what they import from this package', () => {
    expect(workflowBundling.preloadModules).toContain(workflowBundling.workflowsPath);
    expect(ours.map((path) => relative(dirname(workflowBundling.workflowsPath), path)).sort()).toEqual([
      'assignment/alarms.ts',
      'assignment/reporting.ts',
      'assignment/requests.ts',
      'assignment/state.ts',
      'assignment/tree.ts',
      'assignment/workflow.ts',
      'calendar.ts',
      'directive.ts',
      'failures.ts',
      'ids.ts',
      'messages.ts',
      'notifications.ts',
      'runtime.ts',
      'workflows.ts',
    ]);
  });

  it.each(ours.map((path) => [basename(path), path]))('%s only defines at its top level', (_, path) => {
    expect(moduleStateIn(readFileSync(path, 'utf8'))).toEqual([]);
  });

  it('a module with state at its top level is caught', () => {
    const source = [
      "import { defineSignal } from '@temporalio/workflow';",
      "export const closeSignal = defineSignal('close');",
      'const seen = new Set<string>();',
      'let runs = 0;',
      'export function count(): number { return ++runs; }',
      "registerSomething('x');",
    ].join('\n');
    expect(moduleStateIn(source)).toEqual(['3: const seen = new Set<string>();', '4: let runs = 0;', "6: registerSomething('x');"]);
  });
});
