import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { ContainerSpec } from './engine.js'

const MiB = 1024 * 1024

/** ECS device permissions as cgroup device permission letters (Docker's CgroupPermissions). */
const PERMISSION_LETTERS: Record<string, string> = { read: 'r', write: 'w', mknod: 'm' }

/** Only what the definition sets: an absent member leaves the engine's default. */
function set<K extends keyof ContainerSpec>(out: Partial<ContainerSpec>, key: K, value: ContainerSpec[K] | undefined) {
  const empty = value === undefined || value === false || (Array.isArray(value) && value.length === 0)
  if (!empty) out[key] = value
}

/**
 * The ContainerDefinition members that ECS hands to Docker's container create as they are; the ECS API reference
 * (ContainerDefinition, LinuxParameters) names the Docker field of each. ECS's backend, not the agent, writes them
 * into the container's HostConfig JSON, which the agent lays over its own (agent/api/task/task.go
 * dockerHostConfig), so the reference is the source. Units: sharedMemorySize and tmpfs size are MiB; a device
 * without permissions gets all three (read, write, mknod), without containerPath the host path.
 * Swap (maxSwap, swappiness) belongs with the memory limit: see resourceLimits.
 */
export function runtimeSettings(def: ContainerDefinition): Partial<ContainerSpec> {
  const out: Partial<ContainerSpec> = {}
  const linux = def.linuxParameters
  set(
    out,
    'ulimits',
    def.ulimits?.map((u) => ({ name: u.name as string, soft: u.softLimit as number, hard: u.hardLimit as number })),
  )
  set(out, 'capAdd', linux?.capabilities?.add)
  set(out, 'capDrop', linux?.capabilities?.drop)
  set(out, 'init', linux?.initProcessEnabled)
  if (linux?.sharedMemorySize !== undefined) out.shmSizeBytes = linux.sharedMemorySize * MiB
  if (linux?.tmpfs?.length) {
    out.tmpfs = Object.fromEntries(
      linux.tmpfs.map((m) => [m.containerPath as string, [`size=${m.size}m`, ...(m.mountOptions ?? [])].join(',')]),
    )
  }
  set(
    out,
    'devices',
    linux?.devices?.map((d) => ({
      hostPath: d.hostPath as string,
      containerPath: d.containerPath ?? (d.hostPath as string),
      permissions: d.permissions?.length ? d.permissions.map((p) => PERMISSION_LETTERS[p]).join('') : 'rwm',
    })),
  )
  set(out, 'privileged', def.privileged)
  set(out, 'readonlyRootfs', def.readonlyRootFilesystem)
  set(out, 'securityOpt', def.dockerSecurityOptions)
  if (def.systemControls?.length) {
    out.sysctls = Object.fromEntries(def.systemControls.map((s) => [s.namespace as string, s.value ?? '']))
  }
  set(out, 'dns', def.dnsServers)
  set(out, 'dnsSearch', def.dnsSearchDomains)
  set(
    out,
    'extraHosts',
    def.extraHosts?.map((h) => `${h.hostname}:${h.ipAddress}`),
  )
  set(out, 'openStdin', def.interactive)
  set(out, 'tty', def.pseudoTerminal)
  set(out, 'networkDisabled', def.disableNetworking)
  return out
}
