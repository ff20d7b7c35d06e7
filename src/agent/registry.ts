import type { ContainerRecord, TaskRecord } from '../model/task.js'
import type { RoleCredentials } from '../model/credentials.js'
import { unmapIPv4 } from '../lib/address.js'

/** What the endpoint server may read: in-memory lookups only, never Docker or STS. */
export interface RegistryReader {
  /** The task whose pause container or containers own this source address. */
  taskByAddress(address: string): TaskRecord | undefined
  /** The task a task-role credentials id was issued to, or undefined when unknown or revoked. */
  taskByCredentialsId(id: string): TaskRecord | undefined
  /** Current task-role credentials for a credentials id; undefined while not yet (re)assumed. */
  credentials(id: string): RoleCredentials | undefined
  /** The container an endpoint id (the <eid> of ECS_CONTAINER_METADATA_URI_V4) was given to. */
  containerByEndpointId(endpointId: string): { task: TaskRecord; container: ContainerRecord } | undefined
  /**
   * Settles once the adoptions in flight are done (undefined when there are none): a compose service's first
   * request may beat the engine's start event by a few milliseconds, and a task of an earlier daemon asks again
   * while the new one takes it over.
   */
  adoptionsSettled(): Promise<void> | undefined
}

/** The in-memory registry of running tasks. The agent writes it; the endpoint server reads it. */
export class TaskRegistry implements RegistryReader {
  readonly #tasks = new Map<string, TaskRecord>()
  readonly #byCredentialsId = new Map<string, string>()
  readonly #credentials = new Map<string, RoleCredentials>()
  readonly #byAddress = new Map<string, string>()
  readonly #byEndpointId = new Map<string, { taskArn: string; name: string }>()
  readonly #adopting = new Set<Promise<unknown>>()

  add(task: TaskRecord): void {
    this.#tasks.set(task.arn, task)
    if (task.credentialsId) this.#byCredentialsId.set(task.credentialsId, task.arn)
    for (const c of [...task.containers, ...(task.pause ? [task.pause] : [])]) {
      this.#byEndpointId.set(c.endpointId, { taskArn: task.arn, name: c.name })
    }
  }

  get(arn: string): TaskRecord | undefined {
    return this.#tasks.get(arn)
  }

  list(): TaskRecord[] {
    return [...this.#tasks.values()]
  }

  /** Bind a source address to a task (its pause container's or a container's IP). */
  bindAddress(taskArn: string, address: string): void {
    this.#byAddress.set(unmapIPv4(address), taskArn)
  }

  setCredentials(id: string, creds: RoleCredentials): void {
    if (this.#byCredentialsId.has(id)) this.#credentials.set(id, creds)
  }

  /** Forget a task: its credentials id answers 400 from now on, its addresses bind to nobody. */
  remove(arn: string): void {
    const task = this.#tasks.get(arn)
    if (!task) return
    this.#tasks.delete(arn)
    if (task.credentialsId) {
      this.#byCredentialsId.delete(task.credentialsId)
      this.#credentials.delete(task.credentialsId)
    }
    for (const [addr, owner] of this.#byAddress) if (owner === arn) this.#byAddress.delete(addr)
    for (const [eid, v] of this.#byEndpointId) if (v.taskArn === arn) this.#byEndpointId.delete(eid)
  }

  /** Counts an adoption in progress until it settles (adoptionsSettled). */
  adopting(p: Promise<unknown>): void {
    const tracked = p.catch(() => undefined).finally(() => this.#adopting.delete(tracked))
    this.#adopting.add(tracked)
  }

  adoptionsSettled(): Promise<void> | undefined {
    return this.#adopting.size ? Promise.all(this.#adopting).then(() => undefined) : undefined
  }

  taskByAddress(address: string): TaskRecord | undefined {
    const arn = this.#byAddress.get(unmapIPv4(address))
    return arn ? this.#tasks.get(arn) : undefined
  }

  taskByCredentialsId(id: string): TaskRecord | undefined {
    const arn = this.#byCredentialsId.get(id)
    return arn ? this.#tasks.get(arn) : undefined
  }

  credentials(id: string): RoleCredentials | undefined {
    return this.#credentials.get(id)
  }

  containerByEndpointId(endpointId: string): { task: TaskRecord; container: ContainerRecord } | undefined {
    const ref = this.#byEndpointId.get(endpointId)
    if (!ref) return undefined
    const task = this.#tasks.get(ref.taskArn)
    const container = task && [...task.containers, ...(task.pause ? [task.pause] : [])].find((c) => c.name === ref.name)
    return task && container ? { task, container } : undefined
  }
}
