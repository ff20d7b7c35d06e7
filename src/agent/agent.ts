import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import type { CredentialsEndpointMode } from '../model/settings.js'
import { pickAddress, subnetPrefix } from './addresses.js'
import type { AgentDeps } from './deps.js'
import { executionRoleNeeds } from './executionNeeds.js'
import { logDecisions } from './logRouting.js'
import { ADOPT_STEPS } from './adoptSteps.js'
import { TaskRunner } from './runner.js'
import { Task } from './task.js'
import type { TaskRecord } from '../model/task.js'
import { newTaskRecord, type RunMembers } from './taskRecord.js'

/** A task's roles: what `local-aws policy TASK` asks for, while the task runs and for a while after. */
export interface TaskRoles {
  taskArn: string
  taskRoleArn?: string
  executionRoleArn?: string
}

/** How many stopped tasks' roles are kept (oldest forgotten first): their calls stay in the local AWS's log. */
const STOPPED_ROLES_KEPT = 200

const rolesOf = (r: Readonly<TaskRecord>): TaskRoles => ({
  taskArn: r.arn,
  ...(r.taskRoleArn && { taskRoleArn: r.taskRoleArn }),
  ...(r.executionRoleArn && { executionRoleArn: r.executionRoleArn }),
})

export interface LaunchOptions extends RunMembers {
  cluster?: string
  credentialsMode?: CredentialsEndpointMode
}

/** How long a task taken over keeps its newest output for a `run` that follows it again. */
const REATTACH_WINDOW_MS = 90_000

/** The agent: launches tasks, hands out addresses on the network, stops everything on shutdown. */
export class Agent {
  readonly #runners = new Map<string, TaskRunner>()
  readonly #reserved = new Set<string>()
  /** Stopped tasks' roles by task id, oldest first. */
  readonly #stopped = new Map<string, TaskRoles>()

  constructor(readonly deps: AgentDeps) {}

  /**
   * Refuse, before anything is created, what ECS would refuse: a task that needs the execution role without
   * one, or a log configuration that cannot run here.
   */
  check(def: TaskDefinition): void {
    const needs = executionRoleNeeds(def, this.deps.execution.ecrRegistries)
    if (needs.length && !def.executionRoleArn) {
      throw new ERRORS.ECSL_ERR_TASKDEF_INVALID(
        `executionRoleArn is required: the execution role is what pulls, fetches and ships for ${needs.join('; ')}`,
      )
    }
    const record = newTaskRecord(def, { region: this.deps.settings.region, defaultAccount: '0', cluster: 'check' })
    logDecisions(record, this.deps.settings.region)
  }

  /**
   * `def` is the definition to run, RunTask's overrides already applied; `opts.overrides` is kept for display.
   * Returns at once; `started` settles when the task is RUNNING or has failed (and been cleaned up).
   */
  launch(def: TaskDefinition, opts: LaunchOptions = {}): { run: TaskRunner; started: Promise<void> } {
    const { settings } = this.deps
    const { overrides, startedBy, group, tags, launchType } = opts
    const record = newTaskRecord(
      def,
      {
        region: settings.region,
        defaultAccount: settings.defaultAccount,
        cluster: opts.cluster ?? settings.defaultCluster,
      },
      { overrides, startedBy, group, tags, launchType },
    )
    const run = new TaskRunner(new Task(record), {
      ...this.deps,
      credentialsMode: opts.credentialsMode ?? 'relative',
      reserveAddress: () => this.#reserveAddress(),
      releaseAddress: (a) => this.#reserved.delete(a),
    })
    this.#runners.set(record.arn, run)
    void run.done.then(() => this.#forget(record))
    return { run, started: run.start() }
  }

  /**
   * Takes over tasks an earlier daemon saved (agent/adoptSteps.ts). Resolves with the ARNs of those now RUNNING
   * again; a task whose containers are gone or exited is taken down and its leftovers removed.
   */
  async adopt(records: TaskRecord[]): Promise<Set<string>> {
    const adopted = new Set<string>()
    await Promise.all(
      records.map(async (record) => {
        const run = new TaskRunner(
          new Task(record),
          {
            ...this.deps,
            credentialsMode: 'relative',
            reserveAddress: () => this.#reserveAddress(),
            releaseAddress: (a) => this.#reserved.delete(a),
          },
          { steps: ADOPT_STEPS },
        )
        this.#runners.set(record.arn, run)
        void run.done.then(() => this.#forget(record))
        // A `run` that lost the earlier daemon comes back for the output it missed (cli/run.ts waits up to 60 s).
        run.task.keepRecentOutput(REATTACH_WINDOW_MS)
        const started = run.start()
        // Requests for its ids wait for the adoption instead of being refused as unknown.
        this.deps.registry.adopting(started)
        try {
          await started
          if (run.task.apiStatus === 'RUNNING') adopted.add(record.arn)
        } catch (e) {
          this.deps.logger.warn({ err: e, taskArn: record.arn }, 'could not take over a task of an earlier daemon')
        }
      }),
    )
    return adopted
  }

  get(arnOrId: string): TaskRunner | undefined {
    return this.#runners.get(arnOrId) ?? [...this.#runners.values()].find((r) => r.task.id === arnOrId)
  }

  /** The roles of a task (id or ARN) that runs, or that stopped since this daemon started (the latest 200). */
  roles(arnOrId: string): TaskRoles | undefined {
    const run = this.get(arnOrId)
    if (run) return rolesOf(run.task.record)
    const id = arnOrId.split('/').at(-1) ?? arnOrId
    const stopped = this.#stopped.get(id)
    return stopped && (stopped.taskArn === arnOrId || id === arnOrId) ? stopped : undefined
  }

  list(): TaskRunner[] {
    return [...this.#runners.values()]
  }

  async stopAll(reason: string): Promise<void> {
    await Promise.all(this.list().map((r) => r.stop(reason)))
  }

  /** A stopped task leaves the runners; its roles are kept, so its calls can still be named by the task. */
  #forget(record: Readonly<TaskRecord>): void {
    this.#runners.delete(record.arn)
    this.#stopped.set(record.id, rolesOf(record))
    const oldest = this.#stopped.keys().next().value
    if (this.#stopped.size > STOPPED_ROLES_KEPT && oldest !== undefined) this.#stopped.delete(oldest)
  }

  async #reserveAddress(): Promise<string> {
    const held = await this.deps.engine.networkAddresses(this.deps.settings.networkName)
    const address = pickAddress(subnetPrefix(this.deps.settings.subnet), [...held, ...this.#reserved])
    this.#reserved.add(address)
    return address
  }
}
