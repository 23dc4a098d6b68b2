export type IntakeErrorCode = 'NOT_A_DISPATCH' | 'UNSUPPORTED_FILE';

/** A file or text intake cannot read as a dispatch; the message is for the person who gave it. */
export class IntakeError extends Error {
  constructor(
    readonly code: IntakeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IntakeError';
  }
}
