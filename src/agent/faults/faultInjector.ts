import type { Logger } from '../../log.js'
import type { Fault, FaultInjection, FaultOutcome, FaultTarget } from '../../model/faults.js'
import type { TaskRecord } from '../../model/task.js'
import type { ContainerEngine } from '../engine.js'
import type { Command } from './command.js'
import type { CommandRunner } from './commandRunner.js'
import { CommandFailed, FaultDetail, type Exec } from './exec.js'
import { applyFault } from './operations.js'

type Operation = (x: Exec) => Promise<FaultOutcome>

export interface FaultInjectorDeps {
  engine: Pick<ContainerEngine, 'inspect'>
  run: CommandRunner
  logger: Logger
  /** All of one request's commands together, as the agent's requestTimeoutSeconds (5 s). */
  timeoutMs?: number
}

/**
 * Faults applied for real in tasks' network namespaces (the pause container's, entered with nsenter), by the
 * commands of iptablesCommands.ts and tcCommands.ts. As the agent does it, the namespace is the truth: status,
 * "already running" and stop read it, so a fault an earlier daemon started is still seen. Operations on one task
 * run one at a time (the agent locks per namespace), each within the agent's 5 s. What this daemon started is
 * also kept per task, so that the task's teardown (`release`) stops it before the namespace goes.
 */
export class FaultInjector implements FaultInjection {
  readonly #deps: FaultInjectorDeps
  readonly #queues = new WeakMap<TaskRecord, Promise<unknown>>()
  readonly #active = new WeakMap<TaskRecord, Map<string, FaultTarget>>()
  readonly #released = new WeakSet<TaskRecord>()

  constructor(deps: FaultInjectorDeps) {
    this.#deps = deps
  }

  start(task: TaskRecord, fault: Fault): Promise<FaultOutcome> {
    if (this.#released.has(task)) return Promise.resolve({ kind: 'failed', detail: 'the task is stopping' })
    return this.#serial(task, 'start', fault, (x) => applyFault(x, 'start', fault))
  }

  stop(task: TaskRecord, target: FaultTarget): Promise<FaultOutcome> {
    return this.#serial(task, 'stop', target, (x) => applyFault(x, 'stop', target))
  }

  status(task: TaskRecord, target: FaultTarget): Promise<FaultOutcome> {
    return this.#serial(task, 'status', target, (x) => applyFault(x, 'status', target))
  }

  /** The faults this daemon started on the task and did not stop. */
  active(task: TaskRecord): FaultTarget[] {
    return [...(this.#active.get(task)?.values() ?? [])]
  }

  /**
   * The task is going: every fault this daemon started on it is stopped (while its pause container still holds
   * the namespace), after whatever operations are queued for it, and starts asked from now on are refused.
   * Failures are logged, never thrown: the teardown goes on, and the namespace goes with the pause container.
   */
  async release(task: TaskRecord): Promise<void> {
    this.#released.add(task)
    if (!this.active(task).length) return
    await this.#serial(task, 'release', undefined, async (x) => {
      for (const target of this.active(task)) {
        await applyFault(x, 'stop', target).catch((e: unknown) => {
          this.#deps.logger.warn(
            { err: e, taskArn: task.arn, fault: target.type },
            'could not stop a fault at teardown',
          )
        })
      }
      return { kind: 'status', status: 'stopped' }
    })
  }

  #serial(task: TaskRecord, op: string, target: FaultTarget | undefined, fn: Operation): Promise<FaultOutcome> {
    const previous = this.#queues.get(task) ?? Promise.resolve()
    const next = previous.then(() => this.#attempt(task, op, target, fn))
    this.#queues.set(
      task,
      next.catch(() => undefined),
    )
    return next
  }

  async #attempt(task: TaskRecord, op: string, target: FaultTarget | undefined, fn: Operation): Promise<FaultOutcome> {
    // bigint fields (latency's milliseconds) as text: they are not JSON.
    const request =
      target && JSON.parse(JSON.stringify(target, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)))
    const log = this.#deps.logger.child({ taskArn: task.arn, op, ...(target && { fault: target.type }) })
    const signal = AbortSignal.timeout(this.#deps.timeoutMs ?? 5000)
    try {
      const pid = await this.#pid(task)
      const outcome = await fn(this.#exec(task, pid, signal, log))
      log[op === 'status' ? 'debug' : 'info']({ request, outcome }, `fault ${op}`)
      return outcome
    } catch (e) {
      if (signal.aborted) {
        log.error({ err: e, request }, `fault ${op}: the commands took longer than the agent allows`)
        return { kind: 'timeout' } as const
      }
      log.error({ err: e, request }, `fault ${op} failed`)
      return { kind: 'failed', ...(e instanceof FaultDetail && { detail: e.message }) } as const
    }
  }

  /** The pause container's process, whose namespace is the task's (awsvpc). */
  async #pid(task: TaskRecord): Promise<number> {
    const id = task.pause?.dockerId
    if (!id) throw new Error('the task has no pause container')
    const state = await this.#deps.engine.inspect(id)
    if (!state.running || !state.pid) throw new Error(`the pause container ${id} is not running`)
    return state.pid
  }

  #exec(task: TaskRecord, pid: number, signal: AbortSignal, log: Logger): Exec {
    const { run: runner, timeoutMs } = this.#deps
    const run = (cmd: Command) => runner(cmd.argv, signal)
    const active = () => {
      let m = this.#active.get(task)
      if (!m) this.#active.set(task, (m = new Map()))
      return m
    }
    return {
      pid,
      run,
      async runAll(cmds) {
        for (const cmd of cmds) {
          const r = await run(cmd)
          if (r.code === 0) continue
          if (cmd.ipv6) {
            log.warn({ command: cmd.argv.join(' '), code: r.code, output: r.output }, 'ignored an ip6tables failure')
            continue
          }
          throw new CommandFailed(cmd.argv, r.code, r.output)
        }
      },
      async undo(cmds) {
        // Its own time: the request's may be what ran out. Each command may find nothing to take away.
        const own = AbortSignal.timeout(timeoutMs ?? 5000)
        for (const cmd of cmds) await runner(cmd.argv, own).catch(() => undefined)
      },
      remember: (key, target) => void active().set(key, target),
      forget: (key) => void this.#active.get(task)?.delete(key),
    }
  }
}
