import pino, { type Logger, type DestinationStream } from 'pino'

/**
 * The one redact list. Children must get bindings only: a child given its own `redact` replaces this list.
 */
export const REDACT_PATHS = [
  '*.SecretAccessKey',
  '*.secretAccessKey',
  '*.Token',
  '*.token',
  '*.SessionToken',
  '*.sessionToken',
  '*.SecretString',
  '*.secretString',
  '*.Value',
  '*.password',
  '*.authorizationToken',
  '*.credentials',
  'credentials',
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
