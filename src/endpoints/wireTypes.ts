/**
 * Task metadata as the agent puts it on the wire (ecs-agent/tmds/handlers/v2/response.go,
 * v4/state/response.go, response/response.go). Optional fields are Go `omitempty`: absent, never null.
 * Key order follows Go's: embedded v2 fields first, then the v4 struct's own (Networks, Containers, ...).
 */
export type MetadataVersion = 2 | 3 | 4

export interface LimitsResponse {
  CPU?: number
  Memory?: number
}

export interface PortResponse {
  ContainerPort?: number
  Protocol?: string
  HostPort?: number
  HostIp?: string
}

export interface NetworkResponse {
  NetworkMode?: string
  IPv4Addresses?: string[]
  IPv6Addresses?: string[]
  /** v4, awsvpc only (NetworkInterfaceProperties): the agent hard-codes 0 for the task's one ENI. */
  AttachmentIndex?: number
}

export interface ContainerResponse {
  DockerId: string
  Name: string
  DockerName: string
  Image: string
  ImageID: string
  Ports?: PortResponse[]
  Labels?: Record<string, string>
  DesiredStatus: string
  KnownStatus: string
  ExitCode?: number
  Limits: LimitsResponse
  CreatedAt?: string
  StartedAt?: string
  FinishedAt?: string
  Type: string
  Networks?: NetworkResponse[]
  LogDriver?: string
  LogOptions?: Record<string, string>
  ContainerARN?: string
  /** Only for containers with a healthCheck (agent: HealthStatusShouldBeReported). */
  Health?: HealthResponse
}

export interface HealthResponse {
  status: string
  statusSince?: string
  output?: string
}

export interface TaskResponse {
  Cluster: string
  TaskARN: string
  Family: string
  Revision: string
  DesiredStatus?: string
  KnownStatus: string
  Containers?: ContainerResponse[]
  Limits?: LimitsResponse
  PullStartedAt?: string
  PullStoppedAt?: string
  AvailabilityZone?: string
  LaunchType?: string
  /** v4 only, and not omitempty in the agent: always present. */
  FaultInjectionEnabled?: boolean
}

/** Go's omitempty for slices and maps: an empty one is left out. */
export function nonEmpty<T>(xs: T[] | undefined): T[] | undefined {
  return xs && xs.length > 0 ? xs : undefined
}

export function nonEmptyMap(m: Record<string, string> | undefined): Record<string, string> | undefined {
  return m && Object.keys(m).length > 0 ? m : undefined
}
