import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { ContainerSpec } from './engine.js'
import type { ContainerRecord } from '../model/task.js'

const MiB = 1024 * 1024

/** Docker port key and host port for each portMapping (ECS: hostPort 0 or absent in bridge = ephemeral). */
export function portBindings(defs: readonly ContainerDefinition[], awsvpc: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  for (const def of defs) {
    for (const p of def.portMappings ?? []) {
      const key = `${p.containerPort}/${p.protocol ?? 'tcp'}`
      // awsvpc: hostPort equals containerPort, as on Fargate.
      out[key] = awsvpc ? String(p.hostPort || p.containerPort) : p.hostPort ? String(p.hostPort) : ''
    }
  }
  return out
}

/** The Docker container for one ECS container definition (pure). */
export function containerSpec(
  c: ContainerRecord,
  def: ContainerDefinition,
  env: string[],
  network: { mode: string; ipv4Address?: string; awsvpc: boolean },
  binds: string[] = [],
): ContainerSpec {
  const ports = network.awsvpc ? {} : portBindings([def], false)
  return {
    name: c.dockerName,
    image: c.image,
    entrypoint: def.entryPoint,
    cmd: def.command,
    env,
    labels: c.labels,
    workingDir: def.workingDirectory,
    user: def.user,
    hostname: def.hostname,
    networkMode: network.mode,
    ipv4Address: network.ipv4Address,
    portBindings: Object.keys(ports).length ? ports : undefined,
    exposedPorts: Object.keys(ports),
    memoryBytes: def.memory ? def.memory * MiB : undefined,
    memoryReservationBytes: def.memoryReservation ? def.memoryReservation * MiB : undefined,
    // ECS CPU units are Docker CPU shares; like the agent, 0 or none becomes Docker's minimum of 2.
    cpuShares: Math.max(2, def.cpu ?? 0),
    stopTimeoutSeconds: def.stopTimeout ?? 30,
    links: def.links,
    binds: binds.length ? binds : undefined,
    healthcheck: def.healthCheck && {
      test: def.healthCheck.command ?? [],
      // ECS's defaults, which differ from Docker's (timeout 5 s, not 30 s).
      intervalSeconds: def.healthCheck.interval ?? 30,
      timeoutSeconds: def.healthCheck.timeout ?? 5,
      retries: def.healthCheck.retries ?? 3,
      startPeriodSeconds: def.healthCheck.startPeriod ?? 0,
    },
  }
}
