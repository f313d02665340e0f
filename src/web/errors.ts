/** A refusal of the dashboard, shown to the person as a page (or, for htmx, a fragment) with this status. */
import { AppError } from '../errors.ts';

export class DashboardError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The status and message a person sees for an error; undefined for a fault of ours (a 500). */
export function describeError(error: unknown): { statusCode: number; message: string } | undefined {
  if (error instanceof DashboardError) return { statusCode: error.statusCode, message: error.message };
  if (error instanceof AppError) return { statusCode: error.statusCode, message: error.message };
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const validation = (error as { validation?: unknown }).validation;
    return {
      statusCode: validation ? 422 : status,
      message: validation
        ? `Some fields are not valid: ${(error as Error).message}`
        : 'The request could not be read. Reload the page and try again.',
    };
  }
  return undefined;
}
