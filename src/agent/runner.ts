import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import type { Logger } from '../log.js'
import type { OutputPosition } from '../model/outputPosition.js'
import type { RunnerDeps } from './deps.js'
import { checkDependency, dependenciesOf } from './dependencies.js'
import type { OutputChunk } from './engine.js'
import { START_STEPS, type StartState, type Step, type StepContext } from './startSteps.js'
import type { StopResult, Task } from './task.js'
import { UndoStack } from './undo.js'

/** How often a container's health status is read back from the engine. */
const HEALTH_POLL_MS = 1000
/** How often a waiting container looks at its dependencies again (exits and health arrive by themselves). */
const DEPENDENCY_POLL_MS = 250
/** How long exited containers' output may take to drain before they are removed. */
const DRAIN_MS = 15_000

export interface RunnerOptions {
  steps?: readonly Step[]
  /** Test seam: how long to wait between health and dependency polls. */
  pollMs?: { health: number; dependency: number }
}

/** The stopped reason as ECS words it: its own error kinds lead (ResourceInitializationError: ...). */
function reason(e: unknown): string {
  const err = e as Error
  return err.name === 'ResourceInitializationError' ? `${err.name}: ${err.message}` : err.message
}

/**
 * One task's life: the start steps in order, each recording what it creates; then watching; then the stop:
 * containers stopped in reverse dependency order, each with its stopTimeout, and everything created undone in
 * reverse. A failure or a stop request at any point takes the same way down, so exactly what exists goes.
 */
export class TaskRunner {
  readonly task: Task
  readonly done: Promise<StopResult>
  readonly #deps: RunnerDeps
  readonly #log: Logger
  readonly #steps: readonly Step[]
  readonly #poll: { health: number; dependency: number }
  readonly #abort = new AbortController()
  readonly #undo = new UndoStack()
  readonly #outputs = new Map<string, Promise<void>>()
  readonly #exits = new Map<string, Promise<void>>()
  #running = false
  #shutdown?: Promise<StopResult>
  #resolveDone!: (r: StopResult) => void

  constructor(task: Task, deps: RunnerDeps, opts: RunnerOptions = {}) {
    this.task = task
    this.#deps = deps
    this.#log = deps.logger.child({ taskArn: task.arn })
    this.#steps = opts.steps ?? START_STEPS
    this.#poll = opts.pollMs ?? { health: HEALTH_POLL_MS, dependency: DEPENDENCY_POLL_MS }
    this.done = new Promise((resolve) => (this.#resolveDone = resolve))
  }

  /** What the start has created and not yet undone, oldest first. */
  created(): ReadonlyArray<{ step: string; what: string }> {
    return this.#undo.pending()
  }

  /** Resolves once RUNNING, or once a stop asked meanwhile has undone the start; fails when a step failed. */
  async start(): Promise<void> {
    const { record } = this.task
    const ctx = this.#context()
    this.#log.info({ family: record.family, revision: record.revision }, 'task PENDING')
    let step = ''
    try {
      for (const s of this.#steps) {
        this.#abort.signal.throwIfAborted()
        step = s.name
        const t0 = performance.now()
        await s.run({ ...ctx, created: (what, undo) => this.#undo.push(s.name, what, undo) })
        // Where a start spends its time, for --log-level debug (and the start bench's breakdown).
        this.#log.debug({ step, ms: Math.round(performance.now() - t0) }, 'start step done')
      }
      this.#abort.signal.throwIfAborted()
      this.#running = true
      this.#log.info('task RUNNING')
      // A daemon started after this one dies takes the task over from this record (adoptSteps.ts).
      await this.#deps.store
        ?.save(record)
        .catch((e: unknown) => this.#log.warn({ err: e }, 'could not save the task for a later daemon'))
    } catch (e) {
      const stopped = this.#abort.signal.aborted
      this.task.requestStop(reason(e))
      await this.#stopAndUndo()
      if (stopped) return
      this.#log.warn({ err: e, step }, 'task failed to start')
      throw new ERRORS.ECSL_ERR_TASK_START(record.arn, reason(e), { cause: e })
    }
  }

  /** Idempotent: the first reason given is kept. Before RUNNING, the start notices and takes itself down. */
  stop(why: string): Promise<StopResult> {
    this.task.requestStop(why)
    this.#abort.abort()
    if (this.#running) void this.#stopAndUndo()
    return this.done
  }

  #context(): Omit<StepContext, 'created'> {
    const state: StartState = {
      logs: new Map(),
      environments: new Map(),
      logSecrets: new Map(),
      imageEnv: new Map(),
      forwarders: new Map(),
    }
    // A container's logs go out as soon as its output ends, not after the task's teardown.
    this.task.on('outputEnd', (name) => void state.forwarders.get(name)?.close())
    return {
      task: this.task,
      deps: this.#deps,
      log: this.#log,
      state,
      signal: this.#abort.signal,
      attach: (name) => this.#attach(name, state),
      resume: (name, from) => this.#resume(name, state, from),
      watch: (name) => this.#watch(name),
      startInOrder: () => this.#startInOrder(),
    }
  }

  /** Follows a container's output from its start: the output goes to the task's listeners and its forwarder. */
  #attach(name: string, state: StartState): Promise<void> {
    return this.#follow(name, state, (id, onChunk) => this.#deps.engine.attach(id, onChunk))
  }

  /** Follows a running container's output as the engine logged it, from `from` on (a task taken over). */
  #resume(name: string, state: StartState, from: OutputPosition): Promise<void> {
    const onMismatch = (stream: string) =>
      this.#log.warn(
        { container: name, stream },
        "the container's log does not hold its whole output (rotated?): the saved log position does not fit it, so lines may be lost or sent twice",
      )
    return this.#follow(name, state, (id, onChunk) => this.#deps.engine.followLogs(id, from, onChunk, onMismatch))
  }

  async #follow(
    name: string,
    state: StartState,
    open: (id: string, onChunk: (c: OutputChunk) => void | Promise<void>) => Promise<{ done: Promise<void> }>,
  ): Promise<void> {
    const id = this.task.container(name).dockerId as string
    const { done } = await open(id, (chunk) => {
      const o = { ...chunk, container: name }
      this.task.output(o)
      // awslogs blocking mode: the forwarder's promise holds the container's output until it has room.
      return state.forwarders.get(name)?.pushAll(o.lines, o.time, o)
    })
    this.#outputs.set(
      name,
      done.then(() => void this.task.emit('outputEnd', name)),
    )
  }

  async #watch(name: string): Promise<void> {
    const c = this.task.container(name)
    const id = c.dockerId as string
    const { engine } = this.#deps
    this.#exits.set(
      name,
      engine
        .wait(id)
        .catch(() => undefined)
        .then((code) => {
          this.#log.info({ container: name, exitCode: code }, 'container exited')
          if (this.task.containerExited(name, code)) void this.stop('Essential container in task exited')
        }),
    )
    if (c.definition?.healthCheck) void this.#followHealth(name, id)
    const stopStats = await engine
      .stats(id, (sample) => this.task.statsSample(name, sample))
      .catch((e: unknown) => void this.#log.warn({ err: e, container: name }, 'no stats for container'))
    if (stopStats) this.#undo.push('start containers', `stats of ${name}`, stopStats)
  }

  /** The engine runs the probes; this reads their verdict while the container runs. */
  async #followHealth(name: string, id: string): Promise<void> {
    const WIRE = { starting: 'UNKNOWN', healthy: 'HEALTHY', unhealthy: 'UNHEALTHY' } as const
    const stopped = (): boolean => this.task.container(name).knownStatus === 'STOPPED'
    while (!stopped()) {
      await new Promise((r) => setTimeout(r, this.#poll.health).unref())
      const state = await this.#deps.engine.inspect(id).catch(() => undefined)
      if (!state?.health || stopped()) continue
      const status = WIRE[state.health.status]
      const { output, exitCode } = state.health
      this.task.setHealth(name, {
        status,
        since: new Date(),
        ...(output !== undefined && { output }),
        ...(exitCode !== undefined && { exitCode }),
      })
    }
  }

  /** Dependencies first (dependsOn, links, volumesFrom); each container waits for its conditions to start. */
  async #startInOrder(): Promise<void> {
    const { engine } = this.#deps
    for (const name of this.task.startOrder) {
      const c = this.task.container(name)
      const blocked = await this.#waitForDependencies(name)
      if (blocked) {
        if (c.essential) throw new Error(`container ${name} not started: ${blocked}`)
        this.#log.warn({ container: name, reason: blocked }, 'non-essential container not started')
        this.task.containerSkipped(name)
        continue
      }
      this.#abort.signal.throwIfAborted()
      const id = c.dockerId as string
      await engine.start(id)
      const state = await engine.inspect(id)
      this.task.containerStarted(name, state, c.definition?.healthCheck !== undefined)
      await this.#watch(name)
    }
  }

  /** Resolves once every dependency is met (undefined) or one can never be (the reason). */
  async #waitForDependencies(name: string): Promise<string | undefined> {
    const signal = this.#abort.signal
    const deps = dependenciesOf(this.task.container(name).definition as ContainerDefinition)
    for (let told = false; ; told = true) {
      signal.throwIfAborted()
      const waiting: string[] = []
      for (const d of deps) {
        const verdict = checkDependency(d, this.task.container(d.containerName), Date.now())
        if (verdict.kind === 'failed') return verdict.reason
        if (verdict.kind === 'wait') waiting.push(`${d.containerName} (${d.condition})`)
      }
      if (waiting.length === 0) return undefined
      if (!told) this.task.emit('notice', `container ${name} waits for ${waiting.join(', ')}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.#poll.dependency)
        function done(): void {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          resolve()
        }
        signal.addEventListener('abort', done, { once: true })
      })
    }
  }

  #stopAndUndo(): Promise<StopResult> {
    this.#shutdown ??= (async () => {
      const { engine } = this.#deps
      // Dependents first: the reverse of the start order, as the agent shuts a task down. The pause container
      // ignores SIGTERM and goes with the undo.
      for (const name of [...this.task.startOrder].reverse()) {
        const c = this.task.container(name)
        if (!c.dockerId || !c.startedAt || c.knownStatus === 'STOPPED') continue
        await engine
          .stop(c.dockerId, c.definition?.stopTimeout ?? 30)
          .catch((e: unknown) => this.#log.warn({ err: e, container: name }, 'stop failed'))
      }
      await Promise.all(this.task.startOrder.map((n) => this.#exits.get(n)))
      // Exited containers' output is drained before they are removed (removal cuts the attach stream, and with
      // it whatever the engine still had to deliver); bounded, so a stream that never closes cannot hang us.
      const ended = this.task.startOrder
        .filter((n) => this.task.container(n).startedAt)
        .map((n) => this.#outputs.get(n))
      await bounded(Promise.all(ended), DRAIN_MS)
      const t0 = performance.now()
      await this.#undo.unwind((entry, e) => this.#log.warn({ err: e, ...entry }, 'undo failed'))
      this.#log.debug({ ms: Math.round(performance.now() - t0) }, 'teardown done')
      await bounded(Promise.all(this.#outputs.values()), 3000)
      const result = this.task.markStopped()
      this.#log.info({ reason: result.reason, exitCode: result.exitCode }, 'task STOPPED')
      this.#resolveDone(result)
      return result
    })()
    return this.#shutdown
  }
}

function bounded(p: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([p, new Promise((r) => setTimeout(r, ms).unref())])
}
