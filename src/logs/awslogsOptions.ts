import { ERRORS } from '../errors.js'
import { parseByteSize, parseGoBool } from './dockerValues.js'
import { multilineRegExp } from './multiline.js'

export interface AwsLogsContext {
  containerName: string
  taskId: string
  /** The task's region: the default for awslogs-region. */
  region: string
  launchType: 'FARGATE' | 'EC2'
  /** ECS's defaultLogDriverMode account setting; non-blocking since June 2025. */
  defaultMode?: LogMode
}

export type LogMode = 'blocking' | 'non-blocking'

export interface AwsLogsOptions {
  group: string
  region: string
  /** Undefined: the container's full Docker id names the stream (EC2 without a prefix); see awsLogsStreamName. */
  stream: string | undefined
  createGroup: boolean
  createStream: boolean
  mode: LogMode
  maxBufferBytes: number
  multiline: RegExp | undefined
  flushIntervalMs: number
  /** awslogs-endpoint, honoured as Docker does (SDK endpoint override); the client factory applies it. */
  endpoint: string | undefined
  /** Options accepted but without effect here, in words fit for the user. */
  warnings: string[]
}

/** The ECS agent's default when mode is non-blocking and max-buffer-size is unset. */
export const DEFAULT_MAX_BUFFER = '10m'

// Options Docker's awslogs driver knows but that mean nothing when ecs-local ships the logs itself.
const IGNORED: Record<string, string> = {
  'awslogs-credentials-endpoint': 'ecs-local sends logs with the task execution role',
  'awslogs-max-buffered-events': 'max-buffer-size bounds the buffer',
  'awslogs-format': 'logs are sent as plain events',
  tag: 'ECS names the log stream',
}
const KNOWN = new Set([
  ...['group', 'region', 'stream-prefix', 'stream', 'create-group', 'create-stream'].map((k) => `awslogs-${k}`),
  ...['datetime-format', 'multiline-pattern', 'endpoint', 'force-flush-interval-seconds'].map((k) => `awslogs-${k}`),
  'mode',
  'max-buffer-size',
  ...Object.keys(IGNORED),
])
// CloudWatch Logs' own name rules, checked here so the error names the option rather than an API call.
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/
const STREAM_NAME = /^[^:*]{1,512}$/

/** Validates and normalises an awslogs `logConfiguration.options`; every error names the option at fault. */
export function parseAwsLogsOptions(options: Record<string, string> | undefined, ctx: AwsLogsContext): AwsLogsOptions {
  const o = options ?? {}
  const fail = (key: string, why: string, cause?: unknown) =>
    new ERRORS.ECSL_ERR_TASKDEF_INVALID(`container ${ctx.containerName}: awslogs option ${key} ${why}`, { cause })
  const unknown = Object.keys(o).filter((k) => !KNOWN.has(k))
  if (unknown.length > 0) throw fail(unknown[0]!, `is not known; known options: ${[...KNOWN].join(', ')}`)
  const bool = (key: string, dflt: boolean) => {
    const v = o[key]
    if (v === undefined || v === '') return dflt
    const b = parseGoBool(v)
    if (b === undefined) throw fail(key, `must be true or false, got "${v}"`)
    return b
  }

  const group = o['awslogs-group'] ?? ''
  if (group === '') throw fail('awslogs-group', 'is required')
  if (!GROUP_NAME.test(group)) throw fail('awslogs-group', 'may hold only letters, digits and . - _ / # (1-512)')

  const prefix = o['awslogs-stream-prefix'] || undefined
  const explicit = o['awslogs-stream'] || undefined
  if (prefix !== undefined && explicit !== undefined) throw fail('awslogs-stream', 'cannot be set with a prefix')
  if (prefix === undefined && ctx.launchType === 'FARGATE') {
    throw fail('awslogs-stream-prefix', 'is required on Fargate (the stream is <prefix>/<container>/<task-id>)')
  }
  const stream = prefix !== undefined ? `${prefix}/${ctx.containerName}/${ctx.taskId}` : explicit
  if (stream !== undefined && !STREAM_NAME.test(stream)) {
    throw fail(prefix !== undefined ? 'awslogs-stream-prefix' : 'awslogs-stream', 'may not hold : or *')
  }

  const datetime = o['awslogs-datetime-format']
  const pattern = o['awslogs-multiline-pattern']
  if (datetime !== undefined && pattern !== undefined) {
    throw fail('awslogs-datetime-format', 'cannot be set together with awslogs-multiline-pattern')
  }
  const key = datetime !== undefined ? 'awslogs-datetime-format' : 'awslogs-multiline-pattern'
  const warnings: string[] = []
  let multiline: RegExp | undefined
  try {
    const found = multilineRegExp(datetime, pattern)
    multiline = found.regexp
    if (found.unknown.length > 0) warnings.push(`${key}: ${found.unknown.join(' ')} matches nothing, as in Docker`)
  } catch (e) {
    throw fail(key, `is not a valid regular expression: ${(e as Error).message}`, e)
  }

  const modeText = o.mode || (ctx.defaultMode ?? 'non-blocking')
  if (modeText !== 'blocking' && modeText !== 'non-blocking') throw fail('mode', 'must be blocking or non-blocking')
  const mode: LogMode = modeText
  // Docker refuses max-buffer-size unless mode is non-blocking; blocking mode keeps the same bound here.
  if (o['max-buffer-size'] !== undefined && mode === 'blocking')
    throw fail('max-buffer-size', 'needs mode non-blocking')
  const maxBufferBytes = parseByteSize(o['max-buffer-size'] ?? DEFAULT_MAX_BUFFER)
  if (maxBufferBytes === undefined) throw fail('max-buffer-size', 'must be a size such as 25m, 512k or 1g')

  const flushText = o['awslogs-force-flush-interval-seconds']
  const flushSeconds = flushText === undefined ? 5 : Number(flushText)
  if (!Number.isInteger(flushSeconds) || flushSeconds <= 0) {
    throw fail('awslogs-force-flush-interval-seconds', 'must be a positive whole number')
  }

  const endpoint = o['awslogs-endpoint'] || undefined
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) throw fail('awslogs-endpoint', 'must be a URL')
  for (const k of Object.keys(o)) if (IGNORED[k]) warnings.push(`${k} is ignored: ${IGNORED[k]}`)

  return {
    group,
    region: o['awslogs-region'] || ctx.region,
    stream,
    createGroup: bool('awslogs-create-group', false),
    createStream: bool('awslogs-create-stream', true),
    mode,
    maxBufferBytes,
    multiline,
    flushIntervalMs: flushSeconds * 1000,
    endpoint,
    warnings,
  }
}

/** ECS on EC2 without a prefix lets Docker name the stream: the container's full id. */
export function awsLogsStreamName(opts: Pick<AwsLogsOptions, 'stream'>, containerId: string): string {
  return opts.stream ?? containerId
}
