import type { ContainerNetwork, ContainerRecord, TaskRecord } from '../model/task.js'
import {
  nonEmpty,
  type MetadataVersion,
  type NetworkResponse,
  type PortResponse,
  type VolumeResponse,
} from './wireTypes.js'

const AWSVPC = 'awsvpc'

/** The task's ENI: in awsvpc the pause container's attachment stands for it (the others join its namespace). */
function taskEni(task: TaskRecord): ContainerNetwork | undefined {
  return task.networkMode === AWSVPC ? task.pause?.networks[0] : undefined
}

/**
 * Networks[] of one container. awsvpc: the task's ENI for every container, NetworkMode "awsvpc" (agent v2
 * NewContainerResponse); v4 adds the ENI's properties (agent v4 newNetworkInterfaceProperties). Other modes: the
 * container's Docker networks, by network name (GetContainerNetworkMetadata), which v2 never shows and v3 shows
 * without IPv6.
 */
export function toNetworks(
  task: TaskRecord,
  c: ContainerRecord,
  version: MetadataVersion,
): NetworkResponse[] | undefined {
  const eni = taskEni(task)
  if (task.networkMode === AWSVPC) {
    if (!eni) return undefined
    const base = { NetworkMode: AWSVPC, IPv4Addresses: nonEmpty(eni.ipv4Addresses), IPv6Addresses: eni.ipv6Addresses }
    return [version === 4 ? { ...base, ...eniProperties(eni) } : base]
  }
  if (version === 2) return undefined
  return nonEmpty(
    c.networks.map((n) => ({
      NetworkMode: n.networkMode,
      IPv4Addresses: n.ipv4Addresses,
      ...(version === 4 && { IPv6Addresses: nonEmpty(n.ipv6Addresses) }),
    })),
  )
}

/**
 * NetworkInterfaceProperties, in Go field order. IPv6SubnetCIDRBlock and SubnetGatewayIpv6Address stay out: the
 * ecs-local network is IPv4 only (and the agent sets the v6 gateway only for IPv6-only ENIs).
 */
function eniProperties(eni: ContainerNetwork): NetworkResponse {
  return {
    AttachmentIndex: 0,
    MACAddress: eni.macAddress,
    IPv4SubnetCIDRBlock: eni.ipv4SubnetCidrBlock,
    DomainNameServers: nonEmpty(eni.domainNameServers),
    DomainNameSearchList: nonEmpty(eni.domainNameSearchList),
    PrivateDNSName: eni.privateDnsName,
    SubnetGatewayIpv4Address: eni.subnetGatewayIpv4Address,
  }
}

/**
 * Ports[]: the bindings Docker made, known once the container has started (agent GetKnownPortBindings), one per
 * host address bound. In awsvpc the pause container holds them; each container lists those of its own
 * portMappings, with the host port equal to the container port as the agent writes it for an ENI. HostIp is v4's.
 */
export function toPorts(task: TaskRecord, c: ContainerRecord, version: MetadataVersion): PortResponse[] | undefined {
  if (!c.startedAt) return undefined
  const eni = task.networkMode === AWSVPC
  const own = new Set((c.definition?.portMappings ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'tcp'}`))
  const bindings = eni
    ? (task.pause?.portBindings ?? []).filter((b) => own.has(`${b.containerPort}/${b.protocol}`))
    : (c.portBindings ?? [])
  return nonEmpty(
    bindings.map((b) => ({
      ContainerPort: b.containerPort,
      Protocol: b.protocol,
      HostPort: eni ? b.containerPort : b.hostPort,
      ...(version === 4 && { HostIp: b.hostIp || undefined }),
    })),
  )
}

/** Volumes[]: Docker's mounts of the container (agent v1 NewVolumesResponse), every version. */
export function toVolumes(c: ContainerRecord): VolumeResponse[] | undefined {
  return nonEmpty(
    (c.volumes ?? []).map((m) => ({ DockerName: m.name, Source: m.source || undefined, Destination: m.destination })),
  )
}
