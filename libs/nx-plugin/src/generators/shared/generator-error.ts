/**
 * Nx prints only `error.message` of a failed generator. A MigError keeps its remedy in `hint`, so
 * the generators rethrow it with the code and the remedy in the message (and `code`, `hint`
 * and `cause` kept for tests and programs).
 */
import { MigError } from '@mig/core';

export class GeneratorError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(error: MigError) {
    super(`${error.code}: ${error.message}${error.hint ? `\n  fix: ${error.hint}` : ''}`, { cause: error });
    this.name = 'GeneratorError';
    this.code = error.code;
    this.hint = error.hint;
  }
}

export async function reportingMigErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof MigError ? new GeneratorError(error) : error;
  }
}
