import pino, { type Logger, type DestinationStream } from 'pino'

/**
 * The one redact list. Children must get bindings only: a child given its own `redact` replaces this list.
 */
const SECRET_KEYS = [
  'SecretAccessKey',
  'secretAccessKey',
  'Token',
  'token',
  'SessionToken',
  'sessionToken',
  'SecretString',
  'secretString',
  'Value',
  'password',
  'authorizationToken',
  'credentials',
]

/** pino wildcards match one level only: cover the keys at the top and up to three levels down. */
export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
  'req.headers.authorization',
  'req.headers["x-registry-auth"]',
]

export type { Logger }

export interface LoggerOptions {
  level?: string
  destination?: DestinationStream
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = { level: opts.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }
  return opts.destination ? pino(options, opts.destination) : pino(options, pino.destination(2))
}
