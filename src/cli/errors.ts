export const EXIT = { ok: 0, failed: 1, usage: 2, notEmpty: 3 } as const;

/** A problem the user can fix by changing the command line or the data it names. */
export class CliError extends Error {
  readonly exitCode: number;
  /** Print the usage text after the message (a malformed command line). */
  readonly withUsage: boolean;

  constructor(message: string, options: { exitCode?: number; withUsage?: boolean } = {}) {
    super(message);
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.withUsage = options.withUsage ?? false;
  }
}
