export type IntakeErrorCode = 'NOT_A_DISPATCH' | 'UNSUPPORTED_FILE' | 'DOCUMENT_TOO_LARGE' | 'DOCUMENT_TOO_COMPLEX' | 'INTAKE_BUSY';

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
