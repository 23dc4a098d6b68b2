import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/worker';
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The worker's log: one JSON object a line on standard output (`level`, `time` in ISO 8601, `msg`),
 * no colour codes whatever the output is. The Temporal SDK's own lines (and the Rust core's,
 * forwarded) come through it too (temporalLoggerOf), with their workflow and activity fields.
 */
export function createLog(level: TemporalLogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      base: { service: 'chidao-worker' },
      level: level.toLowerCase(),
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

const LEVELS: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK's Logger over pino: its metadata become the line's fields. */
export function temporalLoggerOf(log: Logger): TemporalLogger {
  const write = (level: TemporalLogLevel, message: string, meta?: LogMetadata) => log[LEVELS[level]]({ ...meta }, message);
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
