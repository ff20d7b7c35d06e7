import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { ERRORS } from '../errors.js'
import type { CredentialsEndpointMode } from '../model/settings.js'
import { pickAddress, subnetPrefix } from './addresses.js'
import type { AgentDeps } from './deps.js'
import { executionRoleNeeds } from './executionNeeds.js'
import { logDecisions } from './logRouting.js'
import { TaskRunner } from './runner.js'
import { Task } from './task.js'
import { newTaskRecord, type RunMembers } from './taskRecord.js'

export interface LaunchOptions extends RunMembers {
  cluster?: string
  credentialsMode?: CredentialsEndpointMode
}

/** The agent: launches tasks, hands out addresses on the network, stops everything on shutdown. */
export class Agent {
  readonly #runners = new Map<string, TaskRunner>()
  readonly #reserved = new Set<string>()

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
    const { overrides, startedBy, group, tags } = opts
    const record = newTaskRecord(
      def,
      {
        region: settings.region,
        defaultAccount: settings.defaultAccount,
        cluster: opts.cluster ?? settings.defaultCluster,
      },
      { overrides, startedBy, group, tags },
    )
    const run = new TaskRunner(new Task(record), {
      ...this.deps,
      credentialsMode: opts.credentialsMode ?? 'relative',
      reserveAddress: () => this.#reserveAddress(),
      releaseAddress: (a) => this.#reserved.delete(a),
    })
    this.#runners.set(record.arn, run)
    void run.done.then(() => this.#runners.delete(record.arn))
    return { run, started: run.start() }
  }

  get(arnOrId: string): TaskRunner | undefined {
    return this.#runners.get(arnOrId) ?? [...this.#runners.values()].find((r) => r.task.id === arnOrId)
  }

  list(): TaskRunner[] {
    return [...this.#runners.values()]
  }

  async stopAll(reason: string): Promise<void> {
    await Promise.all(this.list().map((r) => r.stop(reason)))
  }

  async #reserveAddress(): Promise<string> {
    const held = await this.deps.engine.networkAddresses(this.deps.settings.networkName)
    const address = pickAddress(subnetPrefix(this.deps.settings.subnet), [...held, ...this.#reserved])
    this.#reserved.add(address)
    return address
  }
}
