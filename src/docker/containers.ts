import { StringDecoder } from 'node:string_decoder'
import type { DockerClient } from './client.js'
import { createOptions } from './createOptions.js'
import { Demuxer, type OutputStream } from './demux.js'
import type { ContainerSpec, ContainerState, OutputChunk } from '../agent/engine.js'

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

/**
 * Attach before start so no output is missed; calls onChunk with the complete lines of each read (a trailing
 * partial line waits for the next read, or is flushed when the stream ends). Lines travel in chunks because a
 * burst can be hundreds of thousands of lines, and every per-line object or event costs (bench/logs).
 * When onChunk returns a promise, reading stops until it settles: the attach socket fills, dockerd stops
 * copying and the container's writes block, which is what awslogs' blocking mode means.
 * Resolves once attached; `done` settles when the output ends.
 */
export async function attachOutput(
  docker: DockerClient,
  id: string,
  onChunk: (c: OutputChunk) => void | Promise<void>,
): Promise<{ done: Promise<void> }> {
  const container = docker.getContainer(id)
  // Docker multiplexes stdout and stderr only for a container without a TTY (pseudoTerminal): a TTY's stream is
  // the terminal's raw bytes, all of it stdout.
  const [info, stream] = await Promise.all([
    container.inspect(),
    container.attach({ stream: true, stdout: true, stderr: true, logs: true }) as Promise<NodeJS.ReadableStream>,
  ])
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() }
  let waits: Promise<void>[] = []
  const deliver = (name: OutputStream, lines: string[]): void => {
    if (lines.length === 0) return
    const wait = onChunk({ stream: name, lines, time: Date.now() })
    if (wait) waits.push(wait)
  }
  const demuxer = new Demuxer((name, data) => deliver(name, splitters[name].push(data)), { raw: info.Config.Tty })
  const done = new Promise<void>((resolve) => {
    let ended = false
    const end = (): void => {
      if (ended) return
      ended = true
      for (const name of ['stdout', 'stderr'] as const) deliver(name, splitters[name].end())
      resolve()
    }
    // A read already under way when we pause still arrives: resume only once every wait has settled.
    let holds = 0
    stream.on('data', (chunk: Buffer) => {
      demuxer.write(chunk)
      if (waits.length === 0) return
      const pending = waits
      waits = []
      holds++
      stream.pause()
      void Promise.all(pending).finally(() => {
        if (--holds === 0) stream.resume()
      })
    })
    stream.on('end', end)
    stream.on('close', end)
    stream.on('error', end)
  })
  return { done }
}

/** Cuts a byte stream into complete UTF-8 lines; a character split across reads stays whole. */
class LineSplitter {
  readonly #decoder = new StringDecoder('utf8')
  #rest = ''

  push(data: Buffer): string[] {
    const lines = (this.#rest + this.#decoder.write(data)).split('\n')
    this.#rest = lines.pop() ?? ''
    return lines
  }

  end(): string[] {
    const last = this.#rest + this.#decoder.end()
    this.#rest = ''
    return last === '' ? [] : [last]
  }
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
