import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { roleSessionName } from '../aws/sessionName.js'
import type { Logger } from '../log.js'
import type { RoleCredentials } from '../model/credentials.js'
import { SERVICE_LABELS } from '../model/labels.js'
import type { CredentialsSource } from './deps.js'
import type { ContainerEngine, ContainerState, EngineEvent } from './engine.js'
import { followEngineEvents } from './engineEvents.js'
import { LABELS } from './naming.js'
import type { TaskRegistry } from './registry.js'
import { readServiceLabels, type ServiceRequest } from './serviceLabels.js'
import { Task } from './task.js'
import { newTaskRecord } from './taskRecord.js'

export interface ServiceSettings {
  region: string
  defaultAccount: string
  cluster: string
  /** The network the endpoint answers on: a service not attached to it is connected to it. */
  networkName: string
}

export interface ServiceWatcherDeps {
  engine: ContainerEngine
  registry: TaskRegistry
  vault: CredentialsSource
  logger: Logger
  settings: ServiceSettings
  /** Delays between attempts to assume a service's role (the last repeats); tests pass short ones. */
  retryMs?: readonly number[]
}

const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000]
/** Docker's health words (events and inspect) as ECS names them. */
const HEALTH: Record<string, 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'> = {
  healthy: 'HEALTHY',
  unhealthy: 'UNHEALTHY',
  starting: 'UNKNOWN',
}

/** One adopted container: its task, and how to let it go. */
interface Adopted {
  task: Task
  stopStats?: () => void
  /** Set once the container is gone: pending retries and renewals stop. */
  gone: boolean
}

/**
 * Containers that ecs-local did not start but that carry `ecs-local.task-role-arn` (compose services,
 * `docker run --label ...`): each becomes a one-container task in the registry, found by its source address,
 * with its role assumed (and renewed by the vault) like a task's. Learns of them from the engine's events, and
 * once at start from a list (those already running); never per request.
 */
export class ServiceWatcher {
  readonly #deps: ServiceWatcherDeps
  readonly #log: Logger
  readonly #adopted = new Map<string, Adopted>()
  /** Ids being adopted, and those of them whose container died meanwhile (not to be adopted after all). */
  readonly #pending = new Set<string>()
  readonly #died = new Set<string>()
  #stopEvents?: () => void

  constructor(deps: ServiceWatcherDeps) {
    this.#deps = deps
    this.#log = deps.logger.child({ component: 'services' })
  }

  /** Follows the engine's events, then adopts the labelled containers already running. */
  async start(): Promise<void> {
    this.#stopEvents = await followEngineEvents(this.#deps.engine, {
      onEvent: (e) => this.#onEvent(e),
      onReconnect: () => this.#resync(),
      logger: this.#log,
      delaysMs: this.#deps.retryMs,
    })
    await this.#resync()
  }

  /** Adopts the labelled containers running now and forgets those gone (at start, and after a reconnect). */
  async #resync(): Promise<void> {
    const { engine } = this.#deps
    for (const id of [...this.#adopted.keys()]) {
      // Exits missed while the stream was down.
      if (!(await engine.inspect(id).catch(() => undefined))?.running) this.#forget(id)
    }
    const labelled = await engine.list([SERVICE_LABELS.taskRoleArn])
    await Promise.all(labelled.map((id) => this.#track(id)))
  }

  /** The adopted services' tasks (for `ps`). */
  list(): Array<Readonly<Task>> {
    return [...this.#adopted.values()].map((a) => a.task)
  }

  close(): void {
    this.#stopEvents?.()
    for (const id of [...this.#adopted.keys()]) this.#forget(id)
  }

  #onEvent(e: EngineEvent): void {
    if (e.action === 'start' && SERVICE_LABELS.taskRoleArn in e.labels) void this.#track(e.id)
    else if (e.action === 'die' || e.action === 'destroy') {
      if (this.#pending.has(e.id)) this.#died.add(e.id)
      this.#forget(e.id)
    } else if (e.action.startsWith('health_status:')) this.#health(e.id, e.action.slice('health_status:'.length).trim())
  }

  /** Adoption is counted as pending in the registry, so a request that beats it waits instead of a 403. */
  #track(id: string): Promise<void> {
    if (this.#pending.has(id)) return Promise.resolve()
    this.#pending.add(id)
    const p = this.#adopt(id)
      .catch((e: unknown) => {
        this.#log.warn({ err: e, container: id.slice(0, 12) }, 'could not adopt a labelled container')
      })
      .finally(() => {
        this.#pending.delete(id)
        this.#died.delete(id)
      })
    this.#deps.registry.adopting(p)
    return p
  }

  async #adopt(id: string): Promise<void> {
    if (this.#adopted.has(id)) return
    const { engine, settings } = this.#deps
    let state = await engine.inspect(id)
    // A task's own container may carry the label among its dockerLabels: it is the task's, not a service.
    if (!state.running || LABELS.taskArn in state.labels) return
    const request = readServiceLabels(state.labels, state.name)
    if (!request) return
    if ('error' in request) {
      this.#log.warn({ container: state.name }, `not serving container ${state.name}: ${request.error}`)
      return
    }
    if (!state.addresses[settings.networkName]) {
      await engine.connectNetwork(id, settings.networkName)
      state = await engine.inspect(id)
    }
    const address = state.addresses[settings.networkName]
    if (!address) throw new Error(`container ${state.name} has no address on ${settings.networkName}`)
    // The container may have died between the event and now.
    if (this.#adopted.has(id) || this.#died.has(id) || !state.running) return
    if (this.#died.has(id)) return
    const task = this.#taskFor(request, state)
    const adopted: Adopted = { task, gone: false }
    this.#adopted.set(id, adopted)
    // The first assumption is part of the adoption: a request that arrives meanwhile waits for it (the
    // registry counts it pending) instead of getting 503.
    const creds = await this.#assumeOnce(adopted).catch((e: unknown) => e as Error)
    // Gone meanwhile: the session the vault may just have stored goes too.
    if (adopted.gone) return this.#deps.vault.release(task.id)
    const { registry } = this.#deps
    registry.add(task.record)
    registry.bindAddress(task.arn, address)
    if (creds instanceof Error) void this.#retryAssume(adopted, creds)
    else registry.setCredentials(task.record.credentialsId as string, creds)
    this.#log.info(
      { container: state.name, address, taskArn: task.arn, roleArn: request.taskRoleArn },
      `serving compose service ${request.containerName}`,
    )
    adopted.stopStats = await engine
      .stats(id, (sample) => task.statsSample(request.containerName, sample))
      .catch(() => undefined)
    if (adopted.gone) adopted.stopStats?.()
  }

  /** The service as ECS would describe a one-container task of it: bridge mode (EC2), what Docker shows. */
  #taskFor(request: ServiceRequest, state: ContainerState): Task {
    const { settings } = this.#deps
    const def: TaskDefinition = {
      family: request.family,
      taskRoleArn: request.taskRoleArn,
      executionRoleArn: request.executionRoleArn,
      networkMode: 'bridge',
      requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: request.containerName, image: state.image, essential: true }],
    }
    const record = newTaskRecord(
      def,
      { region: settings.region, defaultAccount: settings.defaultAccount, cluster: settings.cluster },
      { tags: Object.entries(request.tags).map(([key, value]) => ({ key, value })) },
    )
    record.source = 'service'
    const container = record.containers[0]
    if (container) {
      container.dockerName = state.name
      container.labels = { ...state.labels, ...container.labels }
    }
    const task = new Task(record)
    task.imagePulled(request.containerName)
    task.containerCreated(request.containerName, state.id, state.createdAt)
    task.containerStarted(request.containerName, state, state.health !== undefined)
    // Adopted after a daemon restart, a service may be past its first verdict already.
    if (state.health && state.health.status !== 'starting') this.#setHealth(task, state.health.status)
    return task
  }

  #assumeOnce(adopted: Adopted): Promise<RoleCredentials> {
    const { record } = adopted.task
    const key = { taskId: record.id, roleArn: record.taskRoleArn as string }
    return this.#deps.vault.get(key, roleSessionName(record.id))
  }

  /** Tries again until the role can be assumed or the container goes; the vault renews it from then on. */
  async #retryAssume(adopted: Adopted, first: Error): Promise<void> {
    const { record } = adopted.task
    const retry = this.#deps.retryMs ?? RETRY_MS
    let err = first
    for (let attempt = 0; !adopted.gone; attempt++) {
      const delay = retry[Math.min(attempt, retry.length - 1)] ?? 60_000
      this.#log.warn(
        { err, taskArn: record.arn, roleArn: record.taskRoleArn, retryInMs: delay },
        'cannot assume the task role of a compose service',
      )
      await new Promise((r) => setTimeout(r, delay).unref())
      if (adopted.gone) return
      try {
        const creds = await this.#assumeOnce(adopted)
        if (adopted.gone) this.#deps.vault.release(record.id)
        else this.#deps.registry.setCredentials(record.credentialsId as string, creds)
        return
      } catch (e) {
        err = e as Error
      }
    }
  }

  #health(id: string, status: string): void {
    const adopted = this.#adopted.get(id)
    if (adopted) this.#setHealth(adopted.task, status)
  }

  #setHealth(task: Task, status: string): void {
    const wire = HEALTH[status]
    const name = task.record.containers[0]?.name
    if (wire && name) task.setHealth(name, { status: wire, since: new Date() })
  }

  #forget(id: string): void {
    const adopted = this.#adopted.get(id)
    if (!adopted) return
    adopted.gone = true
    this.#adopted.delete(id)
    adopted.stopStats?.()
    const { record } = adopted.task
    this.#deps.registry.remove(record.arn)
    this.#deps.vault.release(record.id)
    this.#log.info({ taskArn: record.arn }, `stopped serving compose service ${record.containers[0]?.name}`)
  }
}
