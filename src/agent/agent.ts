import type { TaskDefinition } from '@aws-sdk/client-ecs'
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
}

export interface AgentDeps {
  docker: DockerClient
  registry: TaskRegistry
  vault: CredentialsSource
  logger: Logger
  pauseImage: () => Promise<string>
  settings: AgentSettings
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
