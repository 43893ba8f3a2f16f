/** The one kind of error the domain throws. The web layer maps each code to a status once (web/errors.ts). */
export const errorCodes = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'gate_not_met',
  'too_many_attempts',
  'unavailable',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** Field-level problems, keyed by the form or API field they belong to. */
export type FieldErrors = Readonly<Record<string, string>>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<{ fields?: FieldErrors }>;

  constructor(code: ErrorCode, message: string, details: { fields?: FieldErrors } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
