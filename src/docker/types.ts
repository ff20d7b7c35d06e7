/** Our own words for what we ask Docker to do; nothing outside src/docker/ sees dockerode types. */
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
  cpuShares?: number
  stopTimeoutSeconds?: number
  links?: string[]
  /** host-path:container-path[:ro], or volume-name:container-path[:ro] */
  binds?: string[]
  /** Docker names of containers whose volumes this one mounts, each with an optional ':ro'. */
  volumesFrom?: string[]
  /** A log driver Docker runs itself (json-file, local, none, fluentd, ...); default: the engine's. */
  logConfig?: { type: string; config: Record<string, string> }
  /** Docker's own health check: test as ["CMD", ...] or ["CMD-SHELL", "..."], durations in seconds. */
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
  running: boolean
  exitCode?: number
  startedAt?: Date
  finishedAt?: Date
  imageId: string
  /** IPv4 address per attached network name. */
  addresses: Record<string, string>
  /** Only for containers with a health check: Docker's status and its latest probe's output. */
  health?: { status: 'starting' | 'healthy' | 'unhealthy'; output?: string }
}

export interface NetworkSpec {
  name: string
  subnet: string
  gateway: string
}

/** The complete lines one read of a container's stdout or stderr gave, stamped with the moment it was read. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr'
  lines: string[]
  /** Milliseconds since the epoch. */
  time: number
}
