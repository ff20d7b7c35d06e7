import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ERRORS } from './errors.js'
import { PULL_POLICIES, type CredentialsEndpointMode, type PullPolicy } from './model/settings.js'

/** Where AWS calls go: the real AWS through the SDK default chain, or the embedded local AWS. */
export type AwsMode = 'default' | 'local'

/**
 * Where 169.254.170.2 lives. host: the network's gateway is .2, so the host owns it and the daemon binds it.
 * container: the daemon runs in a container holding .2 on a network whose gateway is .1 (compose.yaml).
 */
export type Placement = 'host' | 'container'

export interface Config {
  aws: AwsMode
  placement: Placement
  profile?: string
  region: string
  dockerSocket: string
  stateDir: string
  controlSocket: string
  cluster: string
  endpoint: { host: string; port: number; fallbackPort: number }
  network: { name: string; subnet: string; gateway: string }
  /** listenHost: where the local AWS binds (0.0.0.0 in a container, so a published port reaches it). */
  localAws: {
    port: number
    listenHost: string
    maxSessionSeconds?: number
    seedFile?: string
    /** Where the local AWS keeps its keys, data and call log across restarts: <stateDir>/localaws. */
    stateDir: string
  }
  roleSessionSeconds: number
  pullPolicy: PullPolicy
  /** Registries treated as ECR besides the amazonaws.com forms (--ecr-registry, repeatable). */
  ecrRegistries: string[]
  /** Daemon exits after this many idle seconds (no task, no client); undefined: runs until stopped. */
  idleExitSeconds?: number
  /** Also serve amazon-ecs-local-container-endpoints' role-by-path routes (docs/compose.md: weaker). */
  legacyRolePaths: boolean
  credentialsMode: CredentialsEndpointMode
  logLevel: string
  /** The file the daemon's stdout and stderr go to (set by `run` for the daemon it starts), kept bounded. */
  daemonLogFile?: string
  /** ECS_TASK_METADATA_RPS_LIMIT: requests per second and burst per caller and path on the endpoint. */
  taskMetadataRateLimit: TaskMetadataRateLimit
}

export interface TaskMetadataRateLimit {
  steady: number
  burst: number
  /** Why the value given was not used (the daemon logs it, as the agent warns). */
  warning?: string
}

/** The agent's defaults (agent/config/config.go DefaultTaskMetadataSteadyStateRate, ...BurstRate). */
const RPS_DEFAULT = { steady: 40, burst: 60 }

/** Go's strconv.Atoi: an optional sign and decimal digits, nothing else. */
const atoi = (s: string): number | undefined => (/^[+-]?\d+$/.test(s) ? Number(s) : undefined)

/**
 * ECS_TASK_METADATA_RPS_LIMIT=steady,burst read as the agent reads it (agent/config/parse.go
 * parseTaskMetadataThrottles, then config.go): anything but two integers, or either one not positive, gives the
 * defaults 40,60 with a warning; unset gives them silently.
 */
export function parseTaskMetadataRateLimit(value: string | undefined): TaskMetadataRateLimit {
  if (value === undefined || value === '') return { ...RPS_DEFAULT }
  const fallback = (why: string) => ({
    ...RPS_DEFAULT,
    warning: `${why} (got ${JSON.stringify(value)}); using the defaults ${RPS_DEFAULT.steady},${RPS_DEFAULT.burst}`,
  })
  const parts = value.split(',')
  if (parts.length !== 2)
    return fallback('Invalid format for "ECS_TASK_METADATA_RPS_LIMIT", expected: "rateLimit,burst"')
  const [steady, burst] = parts.map((p) => atoi(p.trim()))
  if (steady === undefined) {
    return fallback('Invalid format for "ECS_TASK_METADATA_RPS_LIMIT", expected integer for steady state rate')
  }
  if (burst === undefined) {
    return fallback('Invalid format for "ECS_TASK_METADATA_RPS_LIMIT", expected integer for burst rate')
  }
  if (steady <= 0 || burst <= 0) return fallback('Invalid values for rate limits')
  return { steady, burst }
}

/** Flag values as parsed by the CLI (strings); every field optional. */
export interface ConfigFlags {
  aws?: string
  placement?: string
  profile?: string
  region?: string
  cluster?: string
  'state-dir'?: string
  'credentials-endpoint'?: string
  'local-aws-session-seconds'?: string
  'local-aws-seed'?: string
  pull?: string
  'ecr-registry'?: string[]
  'role-session-seconds'?: string
  'idle-exit'?: string
  'log-level'?: string
  'legacy-role-paths'?: boolean
}

const LOG_LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
const PLACEMENTS: readonly string[] = ['host', 'container']
const AWS_MODES: readonly string[] = ['default', 'local']
const CREDENTIALS_MODES: readonly string[] = ['relative', 'full-uri', 'full-uri-token-file']

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly string[], def: T): T {
  if (value === undefined) return def
  if (!allowed.includes(value)) {
    throw new ERRORS.ECSL_ERR_CONFIG(`${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`)
  }
  return value as T
}

function seconds(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ERRORS.ECSL_ERR_CONFIG(`${name} must be a whole number of seconds from ${min} to ${max} (got ${value})`)
  }
  return n
}

function dockerSocket(env: NodeJS.ProcessEnv): string {
  const host = env.DOCKER_HOST
  if (!host) return '/var/run/docker.sock'
  if (!host.startsWith('unix://') || host === 'unix://') {
    throw new ERRORS.ECSL_ERR_CONFIG(`DOCKER_HOST must be a unix:// socket (got ${host})`)
  }
  return host.slice('unix://'.length)
}

/** One validated Config from flags and environment; env is read here and nowhere else. */
export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0
  const stateDir = flags['state-dir'] ?? env.ECS_LOCAL_STATE_DIR ?? join(tmpdir(), `ecs-local-${uid}`)
  const placement = oneOf<Placement>('--placement', flags.placement ?? env.ECS_LOCAL_PLACEMENT, PLACEMENTS, 'host')
  return {
    aws: oneOf('--aws', flags.aws, AWS_MODES, 'default'),
    placement,
    profile: flags.profile ?? env.AWS_PROFILE,
    region: flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    dockerSocket: dockerSocket(env),
    stateDir,
    controlSocket: join(stateDir, 'control.sock'),
    cluster: flags.cluster ?? 'default',
    // 51679 is the ECS agent's own port, used when port 80 cannot be bound.
    endpoint: { host: '169.254.170.2', port: 80, fallbackPort: 51679 },
    network: {
      name: 'ecs-local',
      subnet: '169.254.170.0/24',
      gateway: placement === 'host' ? '169.254.170.2' : '169.254.170.1',
    },
    localAws: {
      port: 4566,
      listenHost: placement === 'host' ? '169.254.170.2' : '0.0.0.0',
      maxSessionSeconds: seconds('--local-aws-session-seconds', flags['local-aws-session-seconds'], 10, 43200),
      seedFile: flags['local-aws-seed'],
      stateDir: join(stateDir, 'localaws'),
    },
    pullPolicy: oneOf<PullPolicy>('--pull', flags.pull, PULL_POLICIES, 'default'),
    ecrRegistries: flags['ecr-registry'] ?? [],
    roleSessionSeconds: seconds('--role-session-seconds', flags['role-session-seconds'], 900, 43200) ?? 3600,
    idleExitSeconds: seconds('--idle-exit', flags['idle-exit'], 1, 86400),
    legacyRolePaths: flags['legacy-role-paths'] === true || env.ECS_LOCAL_LEGACY_ROLE_PATHS === 'true',
    credentialsMode: oneOf('--credentials-endpoint', flags['credentials-endpoint'], CREDENTIALS_MODES, 'relative'),
    daemonLogFile: env.ECS_LOCAL_DAEMON_LOG || undefined,
    logLevel: oneOf('--log-level', flags['log-level'] ?? env.ECS_LOCAL_LOG_LEVEL, LOG_LEVELS, 'info'),
    taskMetadataRateLimit: parseTaskMetadataRateLimit(env.ECS_TASK_METADATA_RPS_LIMIT),
  }
}

/**
 * The settings a daemon holds for every task it runs, as the flag that sets each: two `run`s that differ in one
 * of these cannot share a daemon. (Per-task flags such as --env or --tags, and --log-level, can.)
 */
export function daemonSettings(config: Config): Record<string, string> {
  return {
    '--aws': config.aws,
    '--region': config.region,
    '--profile': config.profile ?? '',
    '--placement': config.placement,
    '--cluster': config.cluster,
    '--pull': config.pullPolicy,
    '--role-session-seconds': String(config.roleSessionSeconds),
    '--ecr-registry': config.ecrRegistries.join(','),
    '--local-aws-seed': config.localAws.seedFile ?? '',
    '--local-aws-session-seconds': String(config.localAws.maxSessionSeconds ?? ''),
    '--legacy-role-paths': String(config.legacyRolePaths),
  }
}
