/**
 * Task metadata as the agent puts it on the wire (ecs-agent/tmds/handlers/v2/response.go,
 * v4/state/response.go, response/response.go). Optional fields are Go `omitempty`: absent, never null.
 * Key order follows Go's: a v4 struct embeds the v2 one, whose fields come first; an outer field of the same
 * name (Networks, Containers) hides the embedded one and takes the outer struct's place.
 */
export type MetadataVersion = 2 | 3 | 4

export interface LimitsResponse {
  CPU?: number
  Memory?: number
}

/** response.PortResponse; HostIp only on v4 (the agent sets it with includeV4Metadata). */
export interface PortResponse {
  ContainerPort?: number
  Protocol?: string
  HostPort?: number
  HostIp?: string
}

/** response.VolumeResponse. */
export interface VolumeResponse {
  DockerName?: string
  Source?: string
  Destination?: string
}

/**
 * response.Network, and on v4 its NetworkInterfaceProperties (awsvpc only): the task ENI's details, here the
 * pause container's attachment to the ecs-local network as Docker's inspect showed it.
 */
export interface NetworkResponse {
  NetworkMode?: string
  IPv4Addresses?: string[]
  IPv6Addresses?: string[]
  /** The agent hard-codes 0 for the task's one ENI. */
  AttachmentIndex?: number
  MACAddress?: string
  IPv4SubnetCIDRBlock?: string
  IPv6SubnetCIDRBlock?: string
  DomainNameServers?: string[]
  DomainNameSearchList?: string[]
  PrivateDNSName?: string
  SubnetGatewayIpv4Address?: string
  SubnetGatewayIpv6Address?: string
}

/** v2.HealthStatus: every field omitempty, so a status the agent calls unknown is left out, not "UNKNOWN". */
export interface HealthResponse {
  status?: string
  statusSince?: string
  exitCode?: number
  output?: string
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
  /** Only for containers with a healthCheck (agent: HealthStatusShouldBeReported). */
  Health?: HealthResponse
  Volumes?: VolumeResponse[]
  LogDriver?: string
  LogOptions?: Record<string, string>
  ContainerARN?: string
}

/** v2.ErrorResponse: a tag lookup that failed (ours never fails, so none is ever sent). */
export interface ErrorResponse {
  ErrorField?: string
  ErrorCode?: string
  ErrorMessage?: string
  StatusCode?: number
  RequestId?: string
  ResourceARN?: string
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
  ExecutionStoppedAt?: string
  AvailabilityZone?: string
  TaskTags?: Record<string, string>
  ContainerInstanceTags?: Record<string, string>
  LaunchType?: string
  Errors?: ErrorResponse[]
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
