import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { EcrAuth } from '../aws/ecrAuth.js'
import { ERRORS } from '../errors.js'
import { executionRoleNeeds, type ExecutionClients } from './executionRole.js'
import type { PullPolicy } from './images.js'
import { logDecisions } from './logRouting.js'
import type { RoleCredentials } from '../model/credentials.js'
import type { DockerClient } from '../docker/client.js'
import { networkAddresses } from '../docker/network.js'
import type { Logger } from '../log.js'
import { pickAddress, subnetPrefix } from './addresses.js'
import type { CredentialsEndpointMode } from './env.js'
import type { TaskRegistry } from './registry.js'
import { Task, type CredentialsSource } from './task.js'
import { newTaskRecord } from './taskRecord.js'
import { startTask } from './taskStarter.js'

export interface AgentSettings {
  region: string
  defaultAccount: string
  defaultCluster: string
  endpointHost: string
  endpointPort: number
  networkName: string
  subnet: string
  /** Private directory for per-task files (authorization token files). */
  stateDir: string
  /** Variables every container gets unless its task or image sets them (e.g. AWS_ENDPOINT_URL). */
  containerDefaults: Record<string, string>
  pullPolicy: PullPolicy
}

/** The execution role's tools: clients signed with a task's execution role, ECR token cache, ECR registries. */
export interface ExecutionRoleDeps {
  clients(credentials: () => Promise<RoleCredentials>): ExecutionClients
  ecrAuth: EcrAuth
  /** Registries treated as ECR besides the amazonaws.com host forms (--ecr-registry). */
  ecrRegistries: string[]
}

export interface AgentDeps {
  docker: DockerClient
  registry: TaskRegistry
  vault: CredentialsSource
  logger: Logger
  pauseImage: () => Promise<string>
  settings: AgentSettings
  execution: ExecutionRoleDeps
}

export interface LaunchOptions {
  cluster?: string
  credentialsMode?: CredentialsEndpointMode
}

/** The agent: launches tasks, hands out addresses on the network, stops everything on shutdown. */
export class Agent {
  readonly #tasks = new Map<string, Task>()
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

  /** Returns at once; `started` settles when the task is RUNNING or has failed (and been cleaned up). */
  launch(def: TaskDefinition, opts: LaunchOptions = {}): { task: Task; started: Promise<void> } {
    const { settings } = this.deps
    const record = newTaskRecord(def, {
      region: settings.region,
      defaultAccount: settings.defaultAccount,
      cluster: opts.cluster ?? settings.defaultCluster,
    })
    const task = new Task(record, {
      docker: this.deps.docker,
      registry: this.deps.registry,
      logger: this.deps.logger,
      releaseAddress: (a) => this.#reserved.delete(a),
    })
    this.#tasks.set(record.arn, task)
    void task.done.then(() => this.#tasks.delete(record.arn))
    const started = startTask(task, {
      ...this.deps,
      credentialsMode: opts.credentialsMode ?? 'relative',
      reserveAddress: () => this.#reserveAddress(),
    })
    return { task, started }
  }

  get(arnOrId: string): Task | undefined {
    return this.#tasks.get(arnOrId) ?? [...this.#tasks.values()].find((t) => t.record.id === arnOrId)
  }

  list(): Task[] {
    return [...this.#tasks.values()]
  }

  async stopAll(reason: string): Promise<void> {
    await Promise.all(this.list().map((t) => t.stop(reason)))
  }

  async #reserveAddress(): Promise<string> {
    const held = await networkAddresses(this.deps.docker, this.deps.settings.networkName)
    const address = pickAddress(subnetPrefix(this.deps.settings.subnet), [...held, ...this.#reserved])
    this.#reserved.add(address)
    return address
  }
}
