import type { RegistryAuth } from '../model/credentials.js'
import type { OutputPosition, OutputStreamName } from '../model/outputPosition.js'
import type { StatsSample } from '../model/stats.js'

/**
 * The container engine as the agent needs it, in our own words. src/docker/ implements it over the Docker
 * Engine API; the lifecycle's unit tests implement it in memory. Nothing here names a Docker library type.
 */
export interface ContainerEngine {
  /** Creates a container (not started); resolves with its id. */
  create(spec: ContainerSpec): Promise<string>
  /** Idempotent: a container already running is success. */
  start(id: string): Promise<void>
  /** SIGTERM, then SIGKILL after `timeoutSeconds`. Idempotent: a stopped or gone container is success. */
  stop(id: string, timeoutSeconds: number): Promise<void>
  /** Idempotent: a container not running, or gone, is success. */
  kill(id: string, signal?: string): Promise<void>
  /** Resolves with the exit code once the container has stopped. */
  wait(id: string): Promise<number>
  inspect(id: string): Promise<ContainerState>
  /**
   * Follows the container's output from its start (attach before starting, so nothing is missed). `onChunk` is
   * called with the complete lines of each read; when it returns a promise, reading stops until the promise
   * settles, so the container's own writes block (awslogs blocking mode). `done` settles when the output ends.
   */
  attach(id: string, onChunk: (c: OutputChunk) => void | Promise<void>): Promise<{ done: Promise<void> }>
  /**
   * Follows a container's output as the engine logged it, from `from` on (offsets counted as `attach` counts
   * them), then live: how a daemon that takes a task over reads back what was written while no daemon watched.
   * Each chunk carries the times the engine logged its lines. A promise from `onChunk` pauses the reading, not
   * the container. `onMismatch` is called when `from` is not just after a line in the log: the log does not
   * hold the whole output (rotated, or a driver that drops), so the position does not fit it. Fails when the
   * engine cannot read the container's log back.
   */
  followLogs(
    id: string,
    from: OutputPosition,
    onChunk: (c: OutputChunk) => void | Promise<void>,
    onMismatch?: (stream: OutputStreamName) => void,
  ): Promise<{ done: Promise<void> }>
  /** Follows the container's stats (a sample about every second); resolves with a function that stops it. */
  stats(id: string, onSample: (s: StatsSample) => void): Promise<() => void>
  /** Removes a container and its anonymous volumes, force. Idempotent: a gone container is success. */
  remove(id: string): Promise<void>
  /** Ids of every container carrying all these labels (`key` or `key=value`), running or not. */
  list(labels: readonly string[]): Promise<string[]>

  /** undefined when the engine does not have the image. */
  inspectImage(ref: string): Promise<ImageInfo | undefined>
  /** Resolves when the pull has finished; fails with the registry's words when it does not. */
  pull(ref: string, auth: RegistryAuth | undefined, onProgress: (e: PullEvent) => void): Promise<void>

  /** Creates the bridge network if missing; fails when one of that name has another subnet or gateway. */
  ensureNetwork(spec: NetworkSpec): Promise<void>
  /** IPv4 addresses currently held on a network, its gateway included. */
  networkAddresses(name: string): Promise<string[]>
  /** Attaches a running container to a network (an address from the network's pool). Idempotent. */
  connectNetwork(id: string, network: string): Promise<void>

  /** Creating a volume that exists is a no-op, as in Docker. */
  createVolume(spec: VolumeSpec): Promise<void>
  volumeExists(name: string): Promise<boolean>
  /** Idempotent: a gone volume is success. */
  removeVolume(name: string): Promise<void>
  /** Names of the volumes carrying all these labels. */
  listVolumes(labels: readonly string[]): Promise<string[]>

  /**
   * Follows container events (start, die, health_status, ...); resolves with a function that stops it. `onEnd`
   * is called once if the stream ends by itself (the engine restarted, the socket dropped), not after stop.
   */
  events(onEvent: (e: EngineEvent) => void, onEnd?: (err?: Error) => void): Promise<() => void>
}

/** What we ask the engine to create for one container. */
export interface ContainerSpec {
  name: string
  image: string
  entrypoint?: string[]
  cmd?: string[]
  env: string[]
  labels: Record<string, string>
  workingDir?: string
  user?: string
  hostname?: string
  /** A network name to attach to, or `container:<id>` to join another container's namespace. */
  networkMode: string
  /** Fixed IPv4 on the network (only with a network name). */
  ipv4Address?: string
  /** Published ports: container port/proto -> host port ('' for an ephemeral one). */
  portBindings?: Record<string, string>
  exposedPorts?: string[]
  memoryBytes?: number
  memoryReservationBytes?: number
  /** Memory plus the swap it may use; equal to memoryBytes: no swap. Unset: the engine's default. */
  memorySwapBytes?: number
  /** 0-100; unset: the kernel's. */
  memorySwappiness?: number
  cpuShares?: number
  /** A hard CPU limit: this much CPU time per period, in microseconds (CFS quota). */
  cpuQuota?: { quotaMicros: number; periodMicros: number }
  /** Resource limits (setrlimit): nofile, nproc, core, ... */
  ulimits?: Array<{ name: string; soft: number; hard: number }>
  /** Linux capabilities added to and dropped from the engine's default set, named as given (ALL allowed). */
  capAdd?: string[]
  capDrop?: string[]
  privileged?: boolean
  readonlyRootfs?: boolean
  /** Security options as the engine takes them: no-new-privileges, apparmor:PROFILE, label:... */
  securityOpt?: string[]
  /** An init process as PID 1 of the container, reaping zombies and forwarding signals. */
  init?: boolean
  /** Size of /dev/shm. */
  shmSizeBytes?: number
  /** tmpfs mounts: container path -> mount options (e.g. `size=64m,noexec`). */
  tmpfs?: Record<string, string>
  /** Host devices; permissions are cgroup device permissions, a subset of `rwm`. */
  devices?: Array<{ hostPath: string; containerPath: string; permissions: string }>
  /** Namespaced kernel parameters (net.*, kernel.shm*, ...). */
  sysctls?: Record<string, string>
  dns?: string[]
  dnsSearch?: string[]
  /** Extra /etc/hosts entries, `hostname:address`. */
  extraHosts?: string[]
  /** PID namespace: `host`, or `container:<id>` to share another container's. Unset: a private one. */
  pidMode?: string
  /** IPC namespace: `host`, `none`, `shareable`, or `container:<id>`. Unset: the engine's default. */
  ipcMode?: string
  /** Keep stdin open (nothing is attached to it). */
  openStdin?: boolean
  /** Allocate a pseudo-terminal: the output is then one raw stream, stdout and stderr merged. */
  tty?: boolean
  /** No network at all but loopback. */
  networkDisabled?: boolean
  stopTimeoutSeconds?: number
  links?: string[]
  /** host-path:container-path[:ro], or volume-name:container-path[:ro] */
  binds?: string[]
  /** Names of containers whose volumes this one mounts, each with an optional ':ro'. */
  volumesFrom?: string[]
  /** A log driver the engine runs itself (json-file, local, none, fluentd, ...); default: the engine's. */
  logConfig?: { type: string; config: Record<string, string> }
  /** The engine's own health check: test as ["CMD", ...] or ["CMD-SHELL", "..."], durations in seconds. */
  healthcheck?: {
    test: string[]
    intervalSeconds: number
    timeoutSeconds: number
    retries: number
    startPeriodSeconds: number
  }
}

export interface ContainerState {
  id: string
  /** The container's name, without Docker's leading slash. */
  name: string
  /** The image as the container was created with it (a reference, not the id). */
  image: string
  labels: Record<string, string>
  createdAt?: Date
  running: boolean
  /** The container's main process as the host sees it, while it runs (its namespaces are /proc/<pid>/ns/*). */
  pid?: number
  exitCode?: number
  startedAt?: Date
  finishedAt?: Date
  imageId: string
  /** IPv4 address per attached network name. */
  addresses: Record<string, string>
  /** Per attached network name: what the engine set up (none for a container in another's namespace). */
  networks: Record<string, EngineNetwork>
  /** Published ports, one entry per host address a port is bound on. */
  ports: Array<{ containerPort: number; protocol: string; hostPort: number; hostIp: string }>
  /** Bind mounts and volumes; `name` only for a named volume. */
  mounts: Array<{ name?: string; source: string; destination: string }>
  /** Only for containers with a health check: the engine's status, its latest probe's output and exit code. */
  health?: { status: 'starting' | 'healthy' | 'unhealthy'; output?: string; exitCode?: number }
}

/** One network attachment as the engine reports it. */
export interface EngineNetwork {
  ipv4Address: string
  /** The subnet's prefix length (24 for 169.254.170.0/24). */
  prefixLength: number
  gateway: string
  macAddress: string
  ipv6Address?: string
  /** The resolvers the container's resolv.conf names (Docker's embedded DNS on a user-defined network). */
  dnsServers: string[]
  dnsSearch: string[]
  /** A name the network's DNS resolves to this container. */
  dnsName?: string
}

export interface ImageInfo {
  id: string
  /** The image's own environment, NAME=value. */
  env: string[]
}

/** One progress message of a pull, as the registry client reports it. */
export interface PullEvent {
  status?: string
  /** The layer it is about, when it is about one. */
  id?: string
  progress?: string
}

export interface NetworkSpec {
  name: string
  subnet: string
  gateway: string
}

export interface VolumeSpec {
  name: string
  driver?: string
  driverOpts?: Record<string, string>
  labels?: Record<string, string>
}

/** The complete lines one read of a container's stdout or stderr gave, stamped with the moment it was read. */
export interface OutputChunk {
  stream: OutputStreamName
  lines: string[]
  /** Milliseconds since the epoch. */
  time: number
  /** Per line: its end in the stream, in bytes from the container's start, its '\n' included. */
  ends: number[]
  /** Per line, from followLogs: when the engine logged it (ms since the epoch). */
  times?: number[]
}

export interface EngineEvent {
  /** start, die, stop, destroy, health_status: healthy, ... as the engine names them. */
  action: string
  id: string
  labels: Record<string, string>
}
