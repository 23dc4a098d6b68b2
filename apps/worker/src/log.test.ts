import { describe, expect, it } from 'vitest';
import { createLog, temporalLoggerOf } from './log';

describe("the worker's log", () => {
  it('writes the SDK\'s lines as JSON objects with their fields, at or above its level, with no colour codes', () => {
    const lines: string[] = [];
    const logger = temporalLoggerOf(createLog('INFO', { write: (line: string) => void lines.push(line) }));
    logger.debug('not written');
    logger.warn('Activity failed', { workflowId: 'assignment-1', attempt: 2 });
    logger.log('ERROR', 'Worker failed');
    expect(lines).toHaveLength(2);
    expect(lines.join('')).not.toContain('\u001b[');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'Activity failed', workflowId: 'assignment-1', attempt: 2, service: 'chidao-worker' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'error', msg: 'Worker failed' });
    expect(new Date(JSON.parse(lines[0]!).time as string).toISOString()).toBe(JSON.parse(lines[0]!).time);
  });
});
