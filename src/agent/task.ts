import { EventEmitter } from 'node:events'
import type { DockerClient } from '../docker/client.js'
import {
  attachOutput,
  createContainer,
  inspectContainer,
  removeContainer,
  startContainer,
  stopContainer,
  waitContainer,
} from '../docker/containers.js'
import type { ContainerSpec, OutputChunk } from '../docker/types.js'
import type { Logger } from '../log.js'
import { followStats } from '../docker/stats.js'
import { startOrder } from './dependencies.js'
import type { PullProgress } from './images.js'
import { networkRate } from './networkRate.js'
import type { TaskStatus } from '../model/status.js'
import type { ContainerRecord, TaskRecord } from '../model/task.js'
import type { RoleCredentials } from '../model/credentials.js'
import type { TaskRegistry } from './registry.js'

export interface CredentialsSource {
  get(key: { taskId: string; roleArn: string }, sessionName: string): Promise<RoleCredentials>
  release(taskId: string): void
}

/** How often a container's health status is read back from Docker. */
const HEALTH_POLL_MS = 1000

export interface StopResult {
  exitCode?: number
  reason: string
}

export interface TaskOutput extends OutputChunk {
  container: string
}

export interface TaskEvents {
  status: [TaskStatus]
  output: [TaskOutput]
  /** A container's output ended (it exited): everything it printed has been emitted. */
  outputEnd: [string]
  /** A container exited or its health status changed. */
  container: [ContainerRecord]
  /** Progress worth a line on the user's console (a container waiting, exiting, turning healthy). */
  notice: [string]
  stopped: [StopResult]
  pull: [PullProgress]
}

/** What Task needs from the agent around it (wired by Agent). */
export interface TaskDeps {
  docker: DockerClient
  registry: TaskRegistry
  logger: Logger
  releaseAddress(address: string): void
}

/**
 * One task's Docker-side life once prepared: containers created in order, started, watched; stopped in
 * reverse order; everything removed. The start sequence itself lives in taskStarter.ts.
 */
export class Task extends EventEmitter<TaskEvents> {
  readonly ids = new Map<string, string>()
  readonly addresses: string[] = []
  /** Per container name: settles when its output stream ends. */
  readonly #outputs = new Map<string, Promise<void>>()
  /**
   * Sees every chunk of output after the 'output' listeners; a promise it returns holds the container's output
   * (and so the container's writes) until it settles: awslogs blocking mode.
   */
  outputGate?: (o: TaskOutput) => void | Promise<void>
  /** Run at teardown, after the containers are gone (token files, role sessions). */
  readonly cleanups: Array<() => unknown> = []
  readonly #exits = new Map<string, Promise<void>>()
  readonly #statsStops: Array<() => void> = []
  #trigger?: ContainerRecord
  #stopping?: Promise<StopResult>
  #started = false
  readonly done: Promise<StopResult>
  #resolveDone!: (r: StopResult) => void

  constructor(
    readonly record: TaskRecord,
    readonly deps: TaskDeps,
  ) {
    super()
    this.done = new Promise((resolve) => (this.#resolveDone = resolve))
  }

  setStatus(status: TaskStatus): void {
    this.record.knownStatus = status
    this.emit('status', status)
  }

  get stopRequested(): boolean {
    return this.record.desiredStatus === 'STOPPED'
  }

  async create(c: ContainerRecord, spec: ContainerSpec, follow: boolean): Promise<string> {
    const id = await createContainer(this.deps.docker, spec)
    this.ids.set(c.name, id)
    c.dockerId = id
    c.knownStatus = 'CREATED'
    c.createdAt = new Date()
    if (follow) {
      const { done } = await attachOutput(this.deps.docker, id, (chunk) => {
        const o = { ...chunk, container: c.name }
        this.emit('output', o)
        return this.outputGate?.(o)
      })
      this.#outputs.set(
        c.name,
        done.then(() => void this.emit('outputEnd', c.name)),
      )
    }
    return id
  }

  async start(c: ContainerRecord): Promise<void> {
    const id = c.dockerId as string
    await startContainer(this.deps.docker, id)
    const state = await inspectContainer(this.deps.docker, id)
    c.knownStatus = 'RUNNING'
    c.startedAt = state.startedAt ?? new Date()
    c.imageId = state.imageId
    this.#exits.set(c.name, this.#watch(c, id))
    if (c.definition?.healthCheck) {
      c.health = { status: 'UNKNOWN', since: new Date() }
      void this.#followHealth(c, id)
    }
    await this.#followStats(c, id)
  }

  /** Keeps the latest stats sample on the record, for the metadata endpoint's /stats routes. */
  async #followStats(c: ContainerRecord, id: string): Promise<void> {
    const stop = await followStats(this.deps.docker, id, (sample) => {
      c.stats = { sample, networkRate: networkRate(c.stats?.sample, sample) }
    }).catch(() => undefined)
    if (stop) this.#statsStops.push(stop)
  }

  /** Docker runs the probes; this reads their verdict every second while the container runs. */
  async #followHealth(c: ContainerRecord, id: string): Promise<void> {
    const WIRE = { starting: 'UNKNOWN', healthy: 'HEALTHY', unhealthy: 'UNHEALTHY' } as const
    const stopped = (): boolean => c.knownStatus === 'STOPPED'
    while (!stopped()) {
      await new Promise((r) => setTimeout(r, HEALTH_POLL_MS).unref())
      const state = await inspectContainer(this.deps.docker, id).catch(() => undefined)
      if (!state?.health || stopped()) continue
      const status = WIRE[state.health.status]
      const output = state.health.output
      if (c.health?.status === status) {
        if (c.health) c.health.output = output
        continue
      }
      c.health = { status, since: new Date(), ...(output !== undefined && { output }) }
      this.deps.logger.info({ taskArn: this.record.arn, container: c.name, health: status }, 'container health')
      this.emit('container', c)
      this.emit('notice', `container ${c.name} is ${status}`)
    }
  }

  async #watch(c: ContainerRecord, id: string): Promise<void> {
    const code = await waitContainer(this.deps.docker, id).catch(() => undefined)
    c.knownStatus = 'STOPPED'
    c.exitCode = code
    c.finishedAt = new Date()
    this.deps.logger.info({ taskArn: this.record.arn, container: c.name, exitCode: code }, 'container exited')
    this.emit('container', c)
    if (c.type === 'NORMAL') this.emit('notice', `container ${c.name} exited with code ${code ?? 'unknown'}`)
    if (c.essential && !this.stopRequested) {
      this.#trigger = c
      void this.stop(`Essential container in task exited`)
    }
  }

  markStarted(): void {
    this.#started = true
  }

  /** Idempotent; before RUNNING the starter notices the request and tears down itself. */
  stop(reason: string): Promise<StopResult> {
    if (this.record.desiredStatus !== 'STOPPED') {
      this.record.desiredStatus = 'STOPPED'
      this.record.stoppedReason = reason
    }
    if (!this.#started) return this.done
    this.#stopping ??= this.#stopRunning()
    return this.#stopping
  }

  async #stopRunning(): Promise<StopResult> {
    this.setStatus('STOPPING')
    // Dependents first: the reverse of the start order, as the agent shuts down.
    const order = startOrder(this.record.containers.map((c) => c.definition ?? { name: c.name })).reverse()
    const byName = new Map(this.record.containers.map((c) => [c.name, c]))
    for (const c of order.map((n) => byName.get(n) as ContainerRecord)) {
      if (c.dockerId && c.knownStatus !== 'STOPPED') {
        await stopContainer(this.deps.docker, c.dockerId, c.definition?.stopTimeout ?? 30).catch((e: unknown) =>
          this.deps.logger.warn({ err: e, container: c.name }, 'stop failed'),
        )
      }
    }
    // The pause container is not awaited here: it ignores SIGTERM and goes at teardown.
    await Promise.all(this.record.containers.map((c) => this.#exits.get(c.name)))
    return this.teardown()
  }

  /** Remove everything created, forget the task, settle `done`. Safe to call once from any state. */
  async teardown(): Promise<StopResult> {
    for (const stop of this.#statsStops.splice(0)) stop()
    const all = [...this.record.containers, ...(this.record.pause ? [this.record.pause] : [])]
    // Exited containers' output is drained before they are removed (removal cuts the attach stream, and
    // with it whatever Docker still had to deliver); bounded, so a stream that never closes cannot hang us.
    if (this.record.containers.every((c) => c.knownStatus !== 'RUNNING')) {
      // Only started ones: a container created but never started (its dependency failed) has no end to wait for.
      const ended = this.record.containers.filter((c) => c.startedAt).map((c) => this.#outputs.get(c.name))
      await Promise.race([Promise.all(ended), new Promise((r) => setTimeout(r, 15_000).unref())])
    }
    await Promise.all(
      all.filter((c) => c.dockerId).map((c) => removeContainer(this.deps.docker, c.dockerId as string).catch(() => {})),
    )
    await Promise.race([Promise.all(this.#outputs.values()), new Promise((r) => setTimeout(r, 3000).unref())])
    for (const a of this.addresses) this.deps.releaseAddress(a)
    // Last in, first out, like defer: later steps may depend on earlier ones (logs flush with the role).
    for (const fn of [...this.cleanups].reverse()) await Promise.resolve(fn()).catch(() => {})
    this.deps.registry.remove(this.record.arn)
    for (const c of all) if (c.knownStatus !== 'STOPPED') c.knownStatus = 'STOPPED'
    this.setStatus('STOPPED')
    const essential = this.#trigger ?? this.record.containers.find((c) => c.essential)
    const result = { exitCode: essential?.exitCode, reason: this.record.stoppedReason ?? 'Task stopped' }
    this.#resolveDone(result)
    this.emit('stopped', result)
    return result
  }
}
