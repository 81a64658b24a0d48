// Where the web layer reports errors and warnings when no `log` is given: stderr, one
// line, with the stack for errors. Its own file so middleware can use it without
// importing the handler (which loads middleware).
export type LogFunction = (level: 'error' | 'warning' | 'info', message: string, error?: unknown) => void;

export const defaultLog: LogFunction = (level, message, error) => {
  const stack = level === 'error' && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  process.stderr.write(`[hyper] ${level.toUpperCase()} ${message}${stack}\n`);
};
