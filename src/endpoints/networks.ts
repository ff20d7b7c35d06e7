import type { ContainerRecord, TaskRecord } from '../model/task.js'
import { nonEmpty, type MetadataVersion, type NetworkResponse, type PortResponse } from './wireTypes.js'

const AWSVPC = 'awsvpc'

/**
 * Networks[] of one container. awsvpc: the agent reports the task's ENI for every container, with
 * NetworkMode "awsvpc"; here the pause container plays the ENI (the others join its namespace and have
 * no networks of their own). Other modes: the container's Docker networks, which v2 never showed.
 */
export function toNetworks(
  task: TaskRecord,
  c: ContainerRecord,
  version: MetadataVersion,
): NetworkResponse[] | undefined {
  const awsvpc = task.networkMode === AWSVPC
  if (!awsvpc && version === 2) return undefined
  const own = c.networks
  const source = awsvpc && task.pause && task.pause.networks.length > 0 ? task.pause.networks : own
  return nonEmpty(
    source.map((n) => ({
      NetworkMode: awsvpc ? AWSVPC : n.networkMode,
      IPv4Addresses: nonEmpty(n.ipv4Addresses),
      ...(awsvpc && version === 4 ? { AttachmentIndex: 0 } : {}),
    })),
  )
}

/**
 * Ports[]: the agent reports the bindings Docker made, known once the container has started. With awsvpc
 * (and host) the host port is the container port. In bridge mode only a fixed hostPort is certain; a dynamic
 * one (0 or unset) is left out rather than guessed, since the registry does not hold Docker's choice.
 */
export function toPorts(task: TaskRecord, c: ContainerRecord): PortResponse[] | undefined {
  if (!c.startedAt) return undefined
  const bridge = task.networkMode === 'bridge'
  return nonEmpty(
    (c.definition?.portMappings ?? []).flatMap((pm) => {
      if (pm.containerPort === undefined) return []
      const hostPort = bridge ? pm.hostPort : pm.containerPort
      if (!hostPort) return []
      return [{ ContainerPort: pm.containerPort, Protocol: pm.protocol ?? 'tcp', HostPort: hostPort }]
    }),
  )
}
