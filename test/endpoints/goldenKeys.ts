/*
 * The agent's key sets (its Go structs' json tags in field order, from aws/amazon-ecs-agent), shared by the
 * endpoint's golden tests (keySets.test.ts) and the in-container check (test/integration/metadataKeys.test.ts).
 */

/** ecs-agent/tmds/handlers/v2/response.go ContainerResponse. */
export const V2_CONTAINER = [
  'DockerId',
  'Name',
  'DockerName',
  'Image',
  'ImageID',
  'Ports',
  'Labels',
  'DesiredStatus',
  'KnownStatus',
  'ExitCode',
  'Limits',
  'CreatedAt',
  'StartedAt',
  'FinishedAt',
  'Type',
  'Networks',
  'Health',
  'Volumes',
  'LogDriver',
  'LogOptions',
  'ContainerARN',
]
/**
 * ecs-agent/tmds/handlers/v4/state/response.go ContainerResponse: embeds *v2.ContainerResponse, whose Networks its
 * own Networks hides; Go's encoder puts the embedded fields first, then Networks, Snapshotter, RestartCount.
 */
export const V4_CONTAINER = [...V2_CONTAINER.filter((k) => k !== 'Networks'), 'Networks', 'Snapshotter', 'RestartCount']

/** ecs-agent/tmds/handlers/v2/response.go TaskResponse. */
export const V2_TASK = [
  'Cluster',
  'TaskARN',
  'Family',
  'Revision',
  'DesiredStatus',
  'KnownStatus',
  'Containers',
  'Limits',
  'PullStartedAt',
  'PullStoppedAt',
  'ExecutionStoppedAt',
  'AvailabilityZone',
  'TaskTags',
  'ContainerInstanceTags',
  'LaunchType',
  'Errors',
]
/** v4/state/response.go TaskResponse: *v2.TaskResponse (Containers hidden), then its own fields (`json:"-"` ones out). */
export const V4_TASK = [
  ...V2_TASK.filter((k) => k !== 'Containers'),
  'Containers',
  'VPCID',
  'ServiceName',
  'Group',
  'ClockDrift',
  'EphemeralStorageMetrics',
  'FaultInjectionEnabled',
  'AvailabilityZoneID',
]
/** ecs-agent/tmds/handlers/response/response.go Network; v4/state/response.go adds NetworkInterfaceProperties. */
export const NETWORK = ['NetworkMode', 'IPv4Addresses', 'IPv6Addresses']
export const V4_ENI = [
  ...NETWORK,
  'AttachmentIndex',
  'MACAddress',
  'IPv4SubnetCIDRBlock',
  'IPv6SubnetCIDRBlock',
  'DomainNameServers',
  'DomainNameSearchList',
  'PrivateDNSName',
  'SubnetGatewayIpv4Address',
  'SubnetGatewayIpv6Address',
]
/** response.go PortResponse and VolumeResponse; v2/response.go HealthStatus and LimitsResponse. */
export const PORT = ['ContainerPort', 'Protocol', 'HostPort', 'HostIp']
export const VOLUME = ['DockerName', 'Source', 'Destination']
export const HEALTH = ['status', 'statusSince', 'exitCode', 'output']
export const LIMITS = ['CPU', 'Memory']
/** Docker's api/types/stats.go StatsJSON (Stats embedded), as vendored by the agent; v4 adds network_rate_stats. */
export const STATS = [
  'read',
  'preread',
  'pids_stats',
  'blkio_stats',
  'num_procs',
  'storage_stats',
  'cpu_stats',
  'precpu_stats',
  'memory_stats',
  'name',
  'id',
  'networks',
]
export const V4_STATS = [...STATS, 'network_rate_stats']
