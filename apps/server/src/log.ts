import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type Log = Logger;

/** The levels LOG_LEVEL takes (the worker's, as Temporal names them). */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The server's log: one JSON object a line on standard output (`level`, `time` in ISO 8601, `msg`,
 * and the request's `requestId` on every line about a request), for a log collector to read; no
 * colour codes, whatever the output is. `destination` is for tests.
 */
export function createLog(level: LogLevel | 'SILENT' = 'INFO', destination?: DestinationStream): Log {
  return pino(
    {
      base: { service: 'chidao-server' },
      level: level.toLowerCase() as LevelWithSilent,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous: the last lines before an exit (a failed start) are not lost.
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/** An error for the log: its message, stack and cause chain, as pino's serializer writes them. */
export function errorFields(error: unknown): Record<string, unknown> {
  return { err: error instanceof Error ? error : new Error(String(error)) };
}
