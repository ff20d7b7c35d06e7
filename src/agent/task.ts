import { EventEmitter } from 'node:events'
import type { StatsSample } from '../model/stats.js'
import type { ApiTaskStatus, ContainerStatus } from '../model/status.js'
import type { ContainerHealth, ContainerNetwork, ContainerRecord, TaskRecord, TaskSummary } from '../model/task.js'
import { startOrder } from './dependencies.js'
import type { ContainerState, OutputChunk } from './engine.js'
import type { PullProgress } from './images.js'
import { networkRate } from './networkRate.js'
import { apiContainerStatus, apiTaskStatus, containerStatusBefore, nextTaskStatus } from './status.js'

export interface StopResult {
  exitCode?: number
  reason: string
}

export interface TaskOutput extends OutputChunk {
  container: string
}

export interface TaskEvents {
  /** The task's status as the ECS API shows it changed. */
  status: [ApiTaskStatus]
  output: [TaskOutput]
  /** A container's output ended (it exited): everything it printed has been emitted. */
  outputEnd: [string]
  /** A container's known status or health changed. */
  container: [Readonly<ContainerRecord>]
  /** Progress worth a line on the user's console (a container waiting, exiting, turning healthy). */
  notice: [string]
  stopped: [StopResult]
  pull: [PullProgress]
}

/**
 * One task's state, and the only writer of it: the record the endpoints read (through the registry) changes
 * only through these methods. Container statuses only move forward; the task's known status is derived from
 * them after every change, as the agent derives it.
 */
/** What a task taken over keeps of its newest output for a `run` that follows it again (bytes of lines). */
const RECENT_OUTPUT_BYTES = 256 * 1024

export class Task extends EventEmitter<TaskEvents> {
  readonly #record: TaskRecord
  /** Kept only until #keepUntil: only a task taken over from a dead daemon has a client coming back for it. */
  #recent: TaskOutput[] = []
  #recentBytes = 0
  #keepUntil = 0
  #api: ApiTaskStatus = 'PENDING'
  #finished = false
  /** The essential container whose exit stopped the task. */
  #trigger?: string

  /** Container names, every one after what it depends on (the pause container is not among them). */
  readonly startOrder: readonly string[]

  constructor(record: TaskRecord) {
    super()
    this.#record = record
    // A new record is PENDING; one saved by an earlier daemon (adoption) resumes where it was.
    this.#api = apiTaskStatus(record.knownStatus, record.desiredStatus, false)
    this.startOrder = startOrder(record.containers.map((c) => c.definition ?? { name: c.name }))
  }

  /** From now for `ms`, keep the newest output, so a client reattaching to the task can see what it missed. */
  keepRecentOutput(ms: number): void {
    this.#keepUntil = Date.now() + ms
  }

  /** A container's output, to the task's listeners (and, while kept, to those that come back for it). */
  output(o: TaskOutput): void {
    if (Date.now() < this.#keepUntil) {
      this.#recent.push(o)
      for (const line of o.lines) this.#recentBytes += line.length
      while (this.#recentBytes > RECENT_OUTPUT_BYTES && this.#recent.length > 1) {
        for (const line of this.#recent.shift()?.lines ?? []) this.#recentBytes -= line.length
      }
    } else if (this.#recent.length) {
      this.#recent = []
      this.#recentBytes = 0
    }
    this.emit('output', o)
  }

  /** The output kept by keepRecentOutput, oldest first. */
  recentOutput(): readonly TaskOutput[] {
    return Date.now() < this.#keepUntil ? this.#recent : []
  }

  /** Read-only view: other modules read the record, they never write it. */
  get record(): Readonly<TaskRecord> {
    return this.#record
  }

  get id(): string {
    return this.#record.id
  }

  get arn(): string {
    return this.#record.arn
  }

  get apiStatus(): ApiTaskStatus {
    return this.#api
  }

  get stopRequested(): boolean {
    return this.#record.desiredStatus === 'STOPPED'
  }

  /** The task's containers, the pause container first when there is one. */
  all(): ReadonlyArray<Readonly<ContainerRecord>> {
    return [...(this.#record.pause ? [this.#record.pause] : []), ...this.#record.containers]
  }

  container(name: string): Readonly<ContainerRecord> {
    const c = this.all().find((x) => x.name === name)
    if (!c) throw new Error(`task ${this.#record.id} has no container ${name}`)
    return c
  }

  #mutable(name: string): ContainerRecord {
    return this.container(name) as ContainerRecord
  }

  summary(): TaskSummary {
    const r = this.#record
    return {
      taskArn: r.arn,
      family: r.family,
      revision: r.revision,
      lastStatus: this.#api,
      desiredStatus: r.desiredStatus,
      startedBy: r.startedBy,
      group: r.group,
      tags: Object.entries(r.tags).map(([key, value]) => ({ key, value })),
      overrides: r.overrides,
      containers: r.containers.map((c) => ({
        name: c.name,
        lastStatus: apiContainerStatus(c.knownStatus, c.steadyStatus),
        exitCode: c.exitCode,
      })),
    }
  }

  pullStarted(at = new Date()): void {
    this.#record.pullStartedAt ??= at
  }

  pullStopped(at = new Date()): void {
    this.#record.pullStoppedAt = at
  }

  /** The agent resolves the manifest, then pulls; the engine does both in one pull here. */
  imagePulled(name: string): void {
    this.#advance(name, 'MANIFEST_PULLED')
    this.#advance(name, 'PULLED')
  }

  /** The pause container's image is made locally and needs no pull. */
  setImage(name: string, image: string): void {
    this.#mutable(name).image = image
  }

  setAuthorizationToken(token: string): void {
    this.#record.authorizationToken = token
  }

  setNetworks(name: string, networks: ContainerNetwork[]): void {
    this.#mutable(name).networks = networks
  }

  containerCreated(name: string, dockerId: string, at = new Date()): void {
    const c = this.#mutable(name)
    c.dockerId = dockerId
    c.createdAt = at
    this.#advance(name, 'CREATED')
  }

  /** Records what the engine's inspect shows of a container just started (TMDE serves it from here). */
  containerStarted(name: string, state: ContainerState, hasHealthCheck: boolean): void {
    const c = this.#mutable(name)
    c.startedAt = state.startedAt ?? new Date()
    c.imageId = state.imageId
    c.portBindings = state.ports
    c.volumes = state.mounts
    // A container in another's namespace (awsvpc) has no networks of its own: it keeps the task's.
    const own = inspectedNetworks(state)
    if (own.length > 0) c.networks = own
    // The agent leaves a container with a health check UNKNOWN until Docker's first verdict.
    if (hasHealthCheck) c.health = { status: 'UNKNOWN', since: new Date() }
    this.#advance(name, 'RUNNING')
  }

  /** The pause container's network is in place: its steady state. */
  resourcesProvisioned(name: string): void {
    this.#advance(name, 'RESOURCES_PROVISIONED')
  }

  /** Returns true when this exit is an essential container's, which stops the task. */
  containerExited(name: string, exitCode: number | undefined, at = new Date()): boolean {
    const c = this.#mutable(name)
    if (c.knownStatus === 'STOPPED') return false
    c.exitCode = exitCode
    c.finishedAt = at
    this.#advance(name, 'STOPPED')
    if (c.type === 'NORMAL') this.emit('notice', `container ${name} exited with code ${exitCode ?? 'unknown'}`)
    if (!c.essential || this.stopRequested) return false
    this.#trigger ??= name
    return true
  }

  /** A container that will never start (a dependency failed): STOPPED without having run. */
  containerSkipped(name: string): void {
    this.#advance(name, 'STOPPED')
  }

  setHealth(name: string, health: ContainerHealth): void {
    const c = this.#mutable(name)
    const changed = c.health?.status !== health.status
    c.health = changed ? health : { ...health, since: c.health?.since ?? health.since }
    if (!changed) return
    this.emit('container', c)
    this.emit('notice', `container ${name} is ${health.status}`)
  }

  statsSample(name: string, sample: StatsSample): void {
    const c = this.#mutable(name)
    c.stats = { sample, networkRate: networkRate(c.stats?.sample, sample) }
  }

  /** Ask for the task to stop; the first reason given is the one kept. Returns false when already asked. */
  requestStop(reason: string): boolean {
    if (this.#record.desiredStatus === 'STOPPED') return false
    this.#record.desiredStatus = 'STOPPED'
    this.#record.stoppedReason = reason
    for (const c of this.all()) (c as ContainerRecord).desiredStatus = 'STOPPED'
    this.#update()
    return true
  }

  /** Everything is gone: whatever had not stopped is STOPPED now. */
  markStopped(): StopResult {
    this.requestStop('Task stopped')
    for (const c of this.all()) this.#advance(c.name, 'STOPPED', false)
    this.#finished = true
    this.#update()
    const trigger = this.#trigger ? this.container(this.#trigger) : this.#record.containers.find((c) => c.essential)
    const result = { exitCode: trigger?.exitCode, reason: this.#record.stoppedReason ?? 'Task stopped' }
    this.emit('stopped', result)
    return result
  }

  #advance(name: string, status: ContainerStatus, update = true): void {
    const c = this.#mutable(name)
    if (!containerStatusBefore(c.knownStatus, status)) return
    c.knownStatus = status
    // The agent's ExecutionStoppedAt: the moment the first essential container is known to have stopped.
    if (status === 'STOPPED' && c.essential) this.#record.executionStoppedAt ??= new Date()
    this.emit('container', c)
    if (update) this.#update()
  }

  #update(): void {
    const r = this.#record
    r.knownStatus = nextTaskStatus(
      r.knownStatus,
      this.all().map((c) => ({ known: c.knownStatus, steady: c.steadyStatus, essential: c.essential })),
    )
    const api = apiTaskStatus(r.knownStatus, r.desiredStatus, this.#finished)
    if (api === this.#api) return
    this.#api = api
    this.emit('status', api)
  }
}

/** The engine's view of a container's own networks, in the record's words (Docker network name as the mode). */
function inspectedNetworks(state: ContainerState): ContainerNetwork[] {
  return Object.entries(state.networks).map(([name, n]) => ({
    networkMode: name,
    ipv4Addresses: [n.ipv4Address],
    ...(n.ipv6Address ? { ipv6Addresses: [n.ipv6Address] } : {}),
    macAddress: n.macAddress,
    ipv4SubnetCidrBlock: `${networkAddress(n.ipv4Address, n.prefixLength)}/${n.prefixLength}`,
    subnetGatewayIpv4Address: n.gateway ? `${n.gateway}/${n.prefixLength}` : undefined,
    domainNameServers: n.dnsServers,
    domainNameSearchList: n.dnsSearch,
    privateDnsName: n.dnsName,
  }))
}

/** The network's own address: `169.254.170.37`, 24 -> `169.254.170.0`. */
function networkAddress(ipv4: string, prefixLength: number): string {
  const n = ipv4.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0)
  const size = 2 ** (32 - prefixLength)
  const base = n - (n % size)
  return [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.')
}
