import type { DockerClient } from './client.js'
import type { ContainerSpec, ContainerState } from '../agent/engine.js'
import { createOptions } from './createOptions.js'

const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number }).statusCode

export async function createContainer(docker: DockerClient, spec: ContainerSpec): Promise<string> {
  const container = await docker.createContainer(createOptions(spec))
  return container.id
}

export async function startContainer(docker: DockerClient, id: string): Promise<void> {
  try {
    await docker.getContainer(id).start()
  } catch (e) {
    if (statusOf(e) !== 304) throw e // 304: already started
  }
}

/** Idempotent: a stopped (304) or gone (404) container is success. */
export async function stopContainer(docker: DockerClient, id: string, timeoutSeconds: number): Promise<void> {
  try {
    await docker.getContainer(id).stop({ t: timeoutSeconds })
  } catch (e) {
    if (statusOf(e) !== 304 && statusOf(e) !== 404) throw e
  }
}

/** Idempotent: a gone container (404) or one already being removed (409) is success. */
export async function removeContainer(docker: DockerClient, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true })
  } catch (e) {
    if (statusOf(e) !== 404 && statusOf(e) !== 409) throw e
  }
}

const dockerTime = (s: string | undefined): Date | undefined =>
  s && !s.startsWith('0001-01-01') ? new Date(s) : undefined

export async function inspectContainer(docker: DockerClient, id: string): Promise<ContainerState> {
  const info = await docker.getContainer(id).inspect()
  const addresses: Record<string, string> = {}
  for (const [name, net] of Object.entries(info.NetworkSettings.Networks ?? {})) {
    if (net.IPAddress) addresses[name] = net.IPAddress
  }
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    labels: info.Config.Labels ?? {},
    createdAt: dockerTime(info.Created),
    running: info.State.Running,
    // Docker reports 0 for a container that does not run.
    pid: info.State.Running && info.State.Pid > 0 ? info.State.Pid : undefined,
    exitCode: info.State.Running ? undefined : info.State.ExitCode,
    startedAt: dockerTime(info.State.StartedAt),
    finishedAt: dockerTime(info.State.FinishedAt),
    imageId: info.Image,
    addresses,
    networks: networksOf(info),
    ports: portsOf(info.NetworkSettings.Ports),
    mounts: (info.Mounts ?? []).map((m) => ({
      ...(m.Type === 'volume' && m.Name ? { name: m.Name } : {}),
      source: m.Source,
      destination: m.Destination,
    })),
    health: healthOf(info.State.Health),
  }
}

/** Docker's built-in networks; any other is user-defined, where Docker's embedded DNS answers at 127.0.0.11. */
const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none'])
const EMBEDDED_DNS = '127.0.0.11'

type Inspect = Awaited<ReturnType<ReturnType<DockerClient['getContainer']>['inspect']>>

function networksOf(info: Inspect): ContainerState['networks'] {
  const out: ContainerState['networks'] = {}
  const { Dns, DnsSearch } = info.HostConfig
  for (const [name, net] of Object.entries(info.NetworkSettings.Networks ?? {})) {
    if (!net.IPAddress) continue
    // DNSNames (API 1.44+) lists what the embedded DNS resolves; older engines resolve the container's name.
    const dnsNames = (net as { DNSNames?: string[] }).DNSNames
    out[name] = {
      ipv4Address: net.IPAddress,
      prefixLength: net.IPPrefixLen,
      gateway: net.Gateway,
      macAddress: net.MacAddress,
      ...(net.GlobalIPv6Address ? { ipv6Address: net.GlobalIPv6Address } : {}),
      // On a user-defined network resolv.conf names only the embedded DNS (--dns servers become its upstreams).
      dnsServers: BUILT_IN_NETWORKS.has(name) ? (Dns ?? []) : [EMBEDDED_DNS],
      dnsSearch: DnsSearch ?? [],
      dnsName: dnsNames?.[0] ?? (BUILT_IN_NETWORKS.has(name) ? undefined : info.Name.replace(/^\//, '')),
    }
  }
  return out
}

/** `{"80/tcp": [{HostIp, HostPort}]}` -> one entry per binding; an exposed port with no binding has none. */
function portsOf(ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> | undefined) {
  return Object.entries(ports ?? {}).flatMap(([key, bindings]) => {
    const [port, protocol = 'tcp'] = key.split('/')
    return (bindings ?? []).map((b) => ({
      containerPort: Number(port),
      protocol,
      hostPort: Number(b.HostPort),
      hostIp: b.HostIp,
    }))
  })
}

/** The agent keeps at most this much of a probe's output (dockerapi maxHealthCheckOutputLength). */
const MAX_HEALTH_OUTPUT = 1024

function healthOf(
  h: { Status?: string; Log?: { Output?: string; ExitCode?: number }[] } | undefined,
): ContainerState['health'] {
  const status = h?.Status
  if (status !== 'starting' && status !== 'healthy' && status !== 'unhealthy') return undefined
  const last = h?.Log?.at(-1)
  const output = last?.Output?.slice(0, MAX_HEALTH_OUTPUT)
  return {
    status,
    ...(output !== undefined && { output }),
    ...(status === 'unhealthy' && last?.ExitCode !== undefined && { exitCode: last.ExitCode }),
  }
}

/** Resolves with the exit code once the container stops. */
export async function waitContainer(docker: DockerClient, id: string): Promise<number> {
  const result = (await docker.getContainer(id).wait()) as { StatusCode: number }
  return result.StatusCode
}

/** Every container carrying all these labels (`key` or `key=value`), running or not: for sweeps after a crash. */
export async function listByLabels(docker: DockerClient, labels: string[]): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: labels } })
  return list.map((c) => c.Id)
}

/** Idempotent: a container not running (409) or gone (404) is success. */
export async function killContainer(docker: DockerClient, id: string, signal = 'SIGKILL'): Promise<void> {
  try {
    await docker.getContainer(id).kill({ signal })
  } catch (e) {
    if (statusOf(e) !== 404 && statusOf(e) !== 409) throw e
  }
}
