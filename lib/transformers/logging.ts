// transformers' logger: messages at or above the verbosity go to stderr as the bare text and a newline, which is
// what Python's default handler prints. The level comes from TRANSFORMERS_VERBOSITY (default "warning").
export type Verbosity = 'debug' | 'info' | 'warning' | 'error' | 'critical';

const LEVELS: Readonly<Record<Verbosity, number>> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };

function fromEnv(): Verbosity {
  const v = process.env.TRANSFORMERS_VERBOSITY?.toLowerCase();
  return v !== undefined && v in LEVELS ? (v as Verbosity) : 'warning';
}

let verbosity: Verbosity = fromEnv();

export function setVerbosity(level: Verbosity): void {
  if (!(level in LEVELS)) throw new TypeError(`verbosity must be one of ${Object.keys(LEVELS).join(', ')}; got ${JSON.stringify(level)}`);
  verbosity = level;
}
export function getVerbosity(): Verbosity {
  return verbosity;
}

function log(level: Verbosity, message: string): void {
  if (LEVELS[level] >= LEVELS[verbosity]) process.stderr.write(`${message}\n`);
}

export const logger = {
  info: (message: string): void => log('info', message),
  warning: (message: string): void => log('warning', message),
  error: (message: string): void => log('error', message),
};
