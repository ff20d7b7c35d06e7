import type { ContainerCreateOptions } from 'dockerode'
import type { ContainerSpec } from '../agent/engine.js'

const NS_PER_SECOND = 1_000_000_000

/**
 * The Engine API's container create body for one ContainerSpec (pure). Field names are the Engine API's
 * (ContainerCreate: Config and HostConfig), the ones the ECS API reference names for each ContainerDefinition
 * member. A container in another's network namespace takes no hostname, DNS or extra hosts of its own (Docker
 * refuses them); validation keeps those out of awsvpc tasks.
 */
export function createOptions(spec: ContainerSpec): ContainerCreateOptions {
  const joinsNamespace = spec.networkMode.startsWith('container:')
  return {
    name: spec.name,
    Image: spec.image,
    Entrypoint: spec.entrypoint,
    Cmd: spec.cmd,
    Env: spec.env,
    Labels: spec.labels,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Hostname: joinsNamespace ? undefined : spec.hostname,
    ExposedPorts: Object.fromEntries((spec.exposedPorts ?? []).map((p) => [p, {}])),
    StopTimeout: spec.stopTimeoutSeconds,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    NetworkDisabled: spec.networkDisabled,
    Healthcheck: spec.healthcheck && {
      Test: spec.healthcheck.test,
      Interval: spec.healthcheck.intervalSeconds * NS_PER_SECOND,
      Timeout: spec.healthcheck.timeoutSeconds * NS_PER_SECOND,
      Retries: spec.healthcheck.retries,
      StartPeriod: spec.healthcheck.startPeriodSeconds * NS_PER_SECOND,
    },
    HostConfig: {
      NetworkMode: spec.networkMode,
      PortBindings: spec.portBindings
        ? Object.fromEntries(Object.entries(spec.portBindings).map(([p, h]) => [p, [{ HostPort: h }]]))
        : undefined,
      Memory: spec.memoryBytes,
      MemoryReservation: spec.memoryReservationBytes,
      MemorySwap: spec.memorySwapBytes,
      MemorySwappiness: spec.memorySwappiness,
      CpuShares: spec.cpuShares,
      CpuQuota: spec.cpuQuota?.quotaMicros,
      CpuPeriod: spec.cpuQuota?.periodMicros,
      Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
      CapAdd: spec.capAdd,
      CapDrop: spec.capDrop,
      Privileged: spec.privileged,
      ReadonlyRootfs: spec.readonlyRootfs,
      SecurityOpt: spec.securityOpt,
      Init: spec.init,
      ShmSize: spec.shmSizeBytes,
      Tmpfs: spec.tmpfs,
      Devices: spec.devices?.map((d) => ({
        PathOnHost: d.hostPath,
        PathInContainer: d.containerPath,
        CgroupPermissions: d.permissions,
      })),
      Sysctls: spec.sysctls,
      Dns: spec.dns,
      DnsSearch: spec.dnsSearch,
      ExtraHosts: spec.extraHosts,
      PidMode: spec.pidMode,
      IpcMode: spec.ipcMode,
      Links: spec.links,
      Binds: spec.binds,
      VolumesFrom: spec.volumesFrom,
      LogConfig: spec.logConfig ? { Type: spec.logConfig.type, Config: spec.logConfig.config } : undefined,
    },
    NetworkingConfig:
      !joinsNamespace && spec.ipv4Address
        ? { EndpointsConfig: { [spec.networkMode]: { IPAMConfig: { IPv4Address: spec.ipv4Address } } } }
        : undefined,
  }
}
