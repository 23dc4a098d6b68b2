/**
 * Bounds on the shape of any procedure's input, checked before anything reads it (the middleware in
 * middleware/input-bounds.ts): JSON parses iteratively, but code that walks a value recursively would
 * overflow the stack on deep nesting and answer 500. No input of ours comes near these; a 512 KiB body could.
 */

/** Levels of nesting: the input itself is level 1 (a directive definition reaches 7). */
export const MAX_INPUT_DEPTH = 32;
/** Values in all (the input, every element and property value): a large directive has a few thousand. */
export const MAX_INPUT_VALUES = 20_000;

export type InputProblem = 'too_deep' | 'too_many_values' | 'nul';

/** What each problem means, for the error's message (users see text chosen by the domain code). */
export const INPUT_PROBLEMS: Record<InputProblem, string> = {
  too_deep: `Input may nest at most ${MAX_INPUT_DEPTH} levels deep`,
  too_many_values: `Input may hold at most ${MAX_INPUT_VALUES} values`,
  // PostgreSQL text cannot hold U+0000.
  nul: 'Text may not contain the NUL character',
};

/**
 * The first reason `value` is no acceptable input, or null: too deep, too many values, or a string
 * (a key included) holding U+0000. Iterative, and stops at the first problem, so any value JSON can
 * carry is walked in bounded time and stack.
 */
export function inputProblem(value: unknown): InputProblem | null {
  const pending: Array<{ readonly value: unknown; readonly depth: number }> = [{ value, depth: 1 }];
  let values = 1;
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next.value === 'string') {
      if (next.value.includes('\u0000')) return 'nul';
      continue;
    }
    if (next.value === null || typeof next.value !== 'object') continue;
    for (const key in next.value) {
      if (!Object.hasOwn(next.value, key)) continue;
      if (key.includes('\u0000')) return 'nul';
      if (next.depth + 1 > MAX_INPUT_DEPTH) return 'too_deep';
      if (++values > MAX_INPUT_VALUES) return 'too_many_values';
      pending.push({ value: (next.value as Record<string, unknown>)[key], depth: next.depth + 1 });
    }
  }
  return null;
}
