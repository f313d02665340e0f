/** Where a command writes: stdout for its result, stderr for progress and errors (tests capture both). */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const stdio: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** A line logger onto io.err, for openDatabase and startProcess. */
export function progressLog(io: Io): (message: string) => void {
  return (message) => io.err(`${message}\n`);
}
