import type { EcrAuth } from '../aws/ecrAuth.js'
import type { ExecutionClients } from '../aws/executionClients.js'
import type { Logger } from '../log.js'
import type { RoleCredentials } from '../model/credentials.js'
import type { CredentialsEndpointMode, PullPolicy } from '../model/settings.js'
import type { TaskRecord } from '../model/task.js'
import type { ContainerEngine } from './engine.js'
import type { TaskRegistry } from './registry.js'
import type { TaskStore } from './taskStore.js'

/** What the agent and its task runners are given by the composition root (daemon.ts) or a unit test. */
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

/** Role sessions per task, assumed once and kept fresh (aws/roleVault.ts). */
export interface CredentialsSource {
  get(key: { taskId: string; roleArn: string }, sessionName: string): Promise<RoleCredentials>
  release(taskId: string): void
}

export interface AgentDeps {
  engine: ContainerEngine
  registry: TaskRegistry
  vault: CredentialsSource
  logger: Logger
  pauseImage: () => Promise<string>
  /** Images ecs-local makes itself instead of pulling (the bundled example's): true when `ref` is one, now present. */
  localImage?: (ref: string) => Promise<boolean>
  settings: AgentSettings
  execution: ExecutionRoleDeps
  /** Where running tasks' records are kept for a later daemon to adopt; none: tasks die with the daemon. */
  store?: TaskStore
  /** Fault injection (agent/faults/): what it started on a task is stopped at the task's teardown. */
  faults?: { release(task: TaskRecord): Promise<void> }
}

/** A runner's deps: the agent's, plus what the agent decides per task. */
export interface RunnerDeps extends AgentDeps {
  credentialsMode: CredentialsEndpointMode
  reserveAddress(): Promise<string>
  releaseAddress(address: string): void
}
