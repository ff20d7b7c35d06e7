import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { ContainerSpec } from './engine.js'
import { resourceLimits, type TaskResources } from './resourceLimits.js'
import { runtimeSettings } from './runtimeSettings.js'
import type { ContainerRecord } from '../model/task.js'

/** What of the task shapes each of its containers: its limits, and the namespaces they share. */
export interface TaskSettings extends TaskResources {
  /** In the engine's words (`host`, `container:<id>`, ...): see namespaces.ts. */
  pidMode?: string
  ipcMode?: string
}

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
  task: TaskSettings = { launchType: 'EC2' },
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
    ...resourceLimits(def, task),
    ...runtimeSettings(def),
    ...(task.pidMode && { pidMode: task.pidMode }),
    ...(task.ipcMode && { ipcMode: task.ipcMode }),
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
