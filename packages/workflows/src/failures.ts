import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '@chidao/domain/workflow';

/**
 * Runs a domain rule; a broken rule becomes an ApplicationFailure typed by its domain error code,
 * which rejects the update (not the workflow task) and reaches the caller with the code intact.
 */
export function asFailure<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof DomainError) {
      throw ApplicationFailure.create({
        type: error.code,
        message: error.message,
        details: [error.details],
        nonRetryable: true,
      });
    }
    throw error;
  }
}
