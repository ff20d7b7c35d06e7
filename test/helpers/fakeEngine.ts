import type {
  ContainerEngine,
  ContainerSpec,
  ContainerState,
  EngineEvent,
  ImageInfo,
  NetworkSpec,
  OutputChunk,
  PullEvent,
  VolumeSpec,
} from '../../src/agent/engine.js'
import type { RegistryAuth } from '../../src/model/credentials.js'
import type { OutputPosition, OutputStreamName } from '../../src/model/outputPosition.js'
import type { StatsSample } from '../../src/model/stats.js'

/** How a fake container behaves once started. Times are real milliseconds, kept small by the tests. */
export interface Behaviour {
  /** Exits by itself this long after it starts. */
  exitAfterMs?: number
  /** Its exit code when it exits by itself (default 0). */
  exitCode?: number
  /** Ignores SIGTERM: a stop waits out the timeout, then kills it (137). */
  ignoresSigterm?: boolean
  /** Health status the engine reports this long after the start (only with a healthcheck). */
  healthy?: { afterMs: number; status: 'healthy' | 'unhealthy' }
  /** Lines written to stdout right after the start. */
  output?: string[]
}

interface FakeContainer {
  id: string
  spec: ContainerSpec
  name: string
  running: boolean
  started: boolean
  exitCode?: number
  startedAt?: Date
  finishedAt?: Date
  health?: 'starting' | 'healthy' | 'unhealthy'
  /** What the engine logged of its output, write by write (json-file keeps it all). */
  log: LogEntry[]
  /** Bytes written so far per stream. */
  written: OutputPosition
  /** Attached and following readers: each gets every later write. */
  readers: Set<(entry: LogEntry) => void>
  outputEnded: boolean
  endOutput: Array<() => void>
  exited: Promise<number>
  exit: (code: number) => void
  timers: NodeJS.Timeout[]
  /** Networks joined after creation (connectNetwork): name -> address. */
  connected: Map<string, string>
  createdAt: Date
  /** The address Docker's IPAM would give a container created without a fixed one. */
  poolAddress: string
}

export type Op = keyof ContainerEngine

/** One write of a container's output, as the engine logged it. */
interface LogEntry {
  stream: OutputStreamName
  lines: string[]
  ends: number[]
  /** When the engine logged it (ms since the epoch). */
  time: number
}

/** One call, for order and argument assertions: the ECS container name (from the label) stands for the id. */
export interface Call {
  op: Op
  name?: string
  timeoutSeconds?: number
  ref?: string
}

/**
 * An in-memory ContainerEngine: containers that start, print, get healthy, exit and honour (or ignore) SIGTERM
 * with a stop timeout, volumes, images and one network. `held()` reports every object still there, so a test can
 * prove a task left nothing behind; `failNext` makes a chosen operation fail.
 */
export class FakeEngine implements ContainerEngine {
  readonly calls: Call[] = []
  /** Every container spec `create` was given, by ECS container name, kept after the container is removed. */
  readonly specs = new Map<string, ContainerSpec>()
  readonly #containers = new Map<string, FakeContainer>()
  readonly #volumes = new Map<string, Record<string, string>>()
  readonly #images = new Map<string, string[]>()
  readonly #failures: Array<{ op: Op; match: (c: Call) => boolean; error: Error }> = []
  readonly #statsStreams = new Set<string>()
  readonly #events = new Set<(e: EngineEvent) => void>()
  readonly #eventEnds = new Map<(e: EngineEvent) => void, (err?: Error) => void>()
  #next = 0

  constructor(
    readonly behaviour: (name: string) => Behaviour = () => ({}),
    /** Real milliseconds per second of stop timeout, so a 30 s default costs 30 ms. */
    readonly msPerSecond = 1,
  ) {}

  /** An image the engine has, with its own environment. */
  addImage(ref: string, env: string[] = []): void {
    this.#images.set(ref, env)
  }

  /** The next call of `op` matching `match` fails with `error`. */
  failNext(op: Op, error = new Error(`injected ${op} failure`), match: (c: Call) => boolean = () => true): void {
    this.#failures.push({ op, match, error })
  }

  /** Everything that would still exist on a real engine: containers, volumes, open stats streams. */
  held(): { containers: string[]; volumes: string[]; statsStreams: string[] } {
    return {
      containers: [...this.#containers.values()].map((c) => c.name),
      volumes: [...this.#volumes.keys()],
      statsStreams: [...this.#statsStreams],
    }
  }

  ops(op: Op): Call[] {
    return this.calls.filter((c) => c.op === op)
  }

  /** The names of containers as they were started, in order. */
  started(): string[] {
    return this.ops('start').map((c) => c.name as string)
  }

  #call(call: Call): void {
    this.calls.push(call)
    const i = this.#failures.findIndex((f) => f.op === call.op && f.match(call))
    if (i >= 0) {
      const [f] = this.#failures.splice(i, 1)
      throw f?.error
    }
  }

  #get(id: string): FakeContainer {
    const c = this.#containers.get(id)
    if (!c) throw Object.assign(new Error(`no such container: ${id}`), { statusCode: 404 })
    return c
  }

  #nameOf(id: string): string | undefined {
    return this.#containers.get(id)?.name
  }

  async create(spec: ContainerSpec): Promise<string> {
    const name = spec.labels['com.amazonaws.ecs.container-name'] ?? spec.name
    this.#call({ op: 'create', name })
    this.specs.set(name, spec)
    if (!this.#images.has(spec.image)) throw new Error(`No such image: ${spec.image}`)
    const id = `fake${++this.#next}`
    let exit!: (code: number) => void
    const exited = new Promise<number>((r) => (exit = r))
    this.#containers.set(id, {
      id,
      spec,
      name,
      running: false,
      started: false,
      exited,
      exit,
      timers: [],
      log: [],
      written: { stdout: 0, stderr: 0 },
      readers: new Set(),
      outputEnded: false,
      endOutput: [],
      connected: new Map(),
      createdAt: new Date(),
      poolAddress: `169.254.170.${100 + this.#next}`,
    })
    return id
  }

  async start(id: string): Promise<void> {
    this.#call({ op: 'start', name: this.#nameOf(id) })
    const c = this.#get(id)
    if (c.running) return
    c.running = true
    c.started = true
    c.startedAt = new Date()
    const b = this.behaviour(c.name)
    if (c.spec.healthcheck) c.health = 'starting'
    if (b.output?.length) this.write(id, b.output)
    if (b.exitAfterMs !== undefined) {
      c.timers.push(setTimeout(() => this.#exit(c, b.exitCode ?? 0), b.exitAfterMs))
    }
    if (b.healthy && c.spec.healthcheck) {
      const h = b.healthy
      c.timers.push(setTimeout(() => (c.health = h.status), h.afterMs))
    }
    this.#emit('start', c)
  }

  #exit(c: FakeContainer, code: number): void {
    if (!c.running) return
    for (const t of c.timers.splice(0)) clearTimeout(t)
    c.running = false
    c.exitCode = code
    c.finishedAt = new Date()
    this.#endOutput(c)
    c.exit(code)
    this.#emit('die', c)
  }

  async stop(id: string, timeoutSeconds: number): Promise<void> {
    this.#call({ op: 'stop', name: this.#nameOf(id), timeoutSeconds })
    const c = this.#containers.get(id)
    if (!c?.running) return
    if (this.behaviour(c.name).ignoresSigterm) {
      await new Promise((r) => setTimeout(r, timeoutSeconds * this.msPerSecond))
      this.#exit(c, 137)
    } else {
      this.#exit(c, 0)
    }
  }

  async kill(id: string): Promise<void> {
    this.#call({ op: 'kill', name: this.#nameOf(id) })
    const c = this.#containers.get(id)
    if (c?.running) this.#exit(c, 137)
  }

  async wait(id: string): Promise<number> {
    this.#call({ op: 'wait', name: this.#nameOf(id) })
    return this.#get(id).exited
  }

  async inspect(id: string): Promise<ContainerState> {
    this.#call({ op: 'inspect', name: this.#nameOf(id) })
    const c = this.#get(id)
    const wiring = this.#wiring(c)
    return {
      id,
      name: c.spec.name,
      image: c.spec.image,
      labels: c.spec.labels,
      createdAt: c.createdAt,
      running: c.running,
      // A made-up host pid per container, while it runs.
      pid: c.running ? 4000 + Number(id.replace(/\D/g, '')) : undefined,
      exitCode: c.running ? undefined : c.exitCode,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      imageId: `sha256:${c.spec.image}`,
      addresses: Object.fromEntries(Object.entries(wiring.networks).map(([n, net]) => [n, net.ipv4Address])),
      ...wiring,
      // A failing probe exits non-zero; the engine reports the last one's code.
      health: c.health ? { status: c.health, ...(c.health === 'unhealthy' && { exitCode: 1 }) } : undefined,
    }
  }

  /**
   * What Docker's inspect shows of a container's network, ports and mounts, as the real engine would after start:
   * its own network unless it joined another's namespace, published ports on both address families, one mount per
   * bind (a bare name is a Docker volume).
   */
  #wiring(c: FakeContainer): Pick<ContainerState, 'networks' | 'ports' | 'mounts'> {
    const mode = c.spec.networkMode
    // Without a fixed address Docker picks one from the network's pool (compose's containers).
    const pooled = c.spec.ipv4Address ?? (mode === 'none' ? undefined : c.poolAddress)
    const own = !mode.startsWith('container:') && pooled !== undefined
    const attachment = (address: string) => ({
      ipv4Address: address,
      prefixLength: 24,
      gateway: '169.254.170.2',
      macAddress: `02:42:a9:fe:aa:${Number(address.split('.')[3]).toString(16).padStart(2, '0')}`,
      dnsServers: ['127.0.0.11'],
      dnsSearch: [],
      dnsName: c.spec.name,
    })
    const networks: ContainerState['networks'] = own ? { [mode]: attachment(pooled as string) } : {}
    for (const [name, address] of c.connected) networks[name] = attachment(address)
    const ports = Object.entries(c.started ? (c.spec.portBindings ?? {}) : {}).flatMap(([key, host], i) => {
      const [port, protocol = 'tcp'] = key.split('/')
      const hostPort = host === '' ? 32768 + i : Number(host)
      return ['0.0.0.0', '::'].map((hostIp) => ({ containerPort: Number(port), protocol, hostPort, hostIp }))
    })
    const mounts = (c.spec.binds ?? []).map((b) => {
      const [source = '', destination = ''] = b.split(':')
      return source.startsWith('/')
        ? { source, destination }
        : { name: source, source: `/var/lib/docker/volumes/${source}/_data`, destination }
    })
    return { networks, ports, mounts }
  }

  /**
   * The container writes lines (each ends with '\n') to one stream: the engine logs them, stamped `time`, and
   * hands them to whoever is attached or following.
   */
  write(id: string, lines: string[], opts: { stream?: OutputStreamName; time?: number } = {}): void {
    const c = this.#get(id)
    const stream = opts.stream ?? 'stdout'
    const ends = lines.map((l) => (c.written[stream] += Buffer.byteLength(l) + 1))
    const entry = { stream, lines, ends, time: opts.time ?? Date.now() }
    c.log.push(entry)
    for (const read of c.readers) read(entry)
  }

  #endOutput(c: FakeContainer): void {
    c.outputEnded = true
    for (const end of c.endOutput.splice(0)) end()
  }

  #follow(c: FakeContainer, read: (e: LogEntry) => void): Promise<void> {
    if (c.outputEnded) return Promise.resolve()
    c.readers.add(read)
    return new Promise<void>((resolve) =>
      c.endOutput.push(() => {
        c.readers.delete(read)
        resolve()
      }),
    )
  }

  async attach(id: string, onChunk: (c: OutputChunk) => void | Promise<void>): Promise<{ done: Promise<void> }> {
    this.#call({ op: 'attach', name: this.#nameOf(id) })
    const c = this.#get(id)
    const done = this.#follow(
      c,
      (e) => void onChunk({ stream: e.stream, lines: [...e.lines], ends: [...e.ends], time: e.time }),
    )
    return { done }
  }

  /** Replays the log from `from` on, each line with the time it was logged, then follows; as Docker's json-file. */
  async followLogs(
    id: string,
    from: OutputPosition,
    onChunk: (c: OutputChunk) => void | Promise<void>,
    onMismatch?: (stream: OutputStreamName) => void,
  ): Promise<{ done: Promise<void> }> {
    this.#call({ op: 'followLogs', name: this.#nameOf(id) })
    const c = this.#get(id)
    for (const stream of ['stdout', 'stderr'] as const) {
      const at = from[stream]
      if (at > 0 && !c.log.some((e) => e.stream === stream && e.ends.includes(at))) onMismatch?.(stream)
    }
    const read = (e: LogEntry): void => {
      const keep = e.ends.flatMap((end, i) => (end > from[e.stream] ? [i] : []))
      if (keep.length === 0) return
      const lines = keep.map((i) => e.lines[i]!)
      const times = keep.map(() => e.time)
      void onChunk({ stream: e.stream, lines, ends: keep.map((i) => e.ends[i]!), time: Date.now(), times })
    }
    for (const e of c.log) read(e)
    return { done: this.#follow(c, read) }
  }

  async stats(id: string, onSample: (s: StatsSample) => void): Promise<() => void> {
    this.#call({ op: 'stats', name: this.#nameOf(id) })
    const c = this.#get(id)
    const key = `${c.name} ${id}`
    this.#statsStreams.add(key)
    onSample({ read: new Date().toISOString(), networks: { eth0: { rx_bytes: 1, tx_bytes: 1 } } })
    return () => void this.#statsStreams.delete(key)
  }

  async remove(id: string): Promise<void> {
    this.#call({ op: 'remove', name: this.#nameOf(id) })
    const c = this.#containers.get(id)
    if (!c) return
    // Force: a running container is killed; its output ends either way (the attach stream is cut).
    this.#exit(c, 137)
    this.#endOutput(c)
    this.#containers.delete(id)
    this.#emit('destroy', c)
  }

  async list(labels: readonly string[]): Promise<string[]> {
    this.#call({ op: 'list' })
    return [...this.#containers.values()]
      .filter((c) => labels.every((l) => hasLabel(c.spec.labels, l)))
      .map((c) => c.id)
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    this.#call({ op: 'inspectImage', ref })
    const env = this.#images.get(ref)
    return env ? { id: `sha256:${ref}`, env } : undefined
  }

  async pull(ref: string, _auth: RegistryAuth | undefined, onProgress: (e: PullEvent) => void): Promise<void> {
    this.#call({ op: 'pull', ref })
    onProgress({ status: 'Pulling from fake', id: 'layer1' })
    if (!this.#images.has(ref)) this.#images.set(ref, [])
  }

  async ensureNetwork(_spec: NetworkSpec): Promise<void> {
    this.#call({ op: 'ensureNetwork' })
  }

  async networkAddresses(_name: string): Promise<string[]> {
    this.#call({ op: 'networkAddresses' })
    const held = [...this.#containers.values()]
      .flatMap((c) => [c.spec.ipv4Address ?? c.poolAddress, ...c.connected.values()])
      .filter((a): a is string => !!a)
    return ['169.254.170.1', '169.254.170.2', ...held]
  }

  async connectNetwork(id: string, network: string): Promise<void> {
    this.#call({ op: 'connectNetwork', name: this.#nameOf(id) })
    const c = this.#get(id)
    if (!c.connected.has(network)) c.connected.set(network, `169.254.170.${200 + c.connected.size + this.#next}`)
  }

  async createVolume(spec: VolumeSpec): Promise<void> {
    this.#call({ op: 'createVolume', name: spec.name })
    this.#volumes.set(spec.name, spec.labels ?? {})
  }

  async volumeExists(name: string): Promise<boolean> {
    this.#call({ op: 'volumeExists', name })
    return this.#volumes.has(name)
  }

  async removeVolume(name: string): Promise<void> {
    this.#call({ op: 'removeVolume', name })
    this.#volumes.delete(name)
  }

  async listVolumes(labels: readonly string[]): Promise<string[]> {
    this.#call({ op: 'listVolumes' })
    return [...this.#volumes].filter(([, own]) => labels.every((l) => hasLabel(own, l))).map(([name]) => name)
  }

  async events(onEvent: (e: EngineEvent) => void, onEnd?: (err?: Error) => void): Promise<() => void> {
    this.#call({ op: 'events' })
    this.#events.add(onEvent)
    if (onEnd) this.#eventEnds.set(onEvent, onEnd)
    return () => {
      this.#events.delete(onEvent)
      this.#eventEnds.delete(onEvent)
    }
  }

  /** The engine goes away under its event streams (a restart): each ends, as Docker's would. */
  dropEvents(): void {
    for (const [f, end] of [...this.#eventEnds]) {
      this.#events.delete(f)
      this.#eventEnds.delete(f)
      end(new Error('socket hang up'))
    }
  }

  #emit(action: string, c: FakeContainer): void {
    for (const f of this.#events) f({ action, id: c.id, labels: c.spec.labels })
  }
}

function hasLabel(labels: Record<string, string>, filter: string): boolean {
  const i = filter.indexOf('=')
  return i < 0 ? filter in labels : labels[filter.slice(0, i)] === filter.slice(i + 1)
}
