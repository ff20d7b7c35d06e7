import type { Tag, TaskDefinition, TaskOverride } from '@aws-sdk/client-ecs'
import type { CredentialsEndpointMode } from '../model/settings.js'

/** The control socket's wire types, shared by the daemon (server) and `ecs-local run` (client). */
export interface DaemonInfo {
  version: string
  pid: number
  aws: string
  region: string
  endpoint: { host: string; port: number }
  localAwsEndpoint?: string
  /** The daemon-wide settings it was started with, by flag (cli/daemonSettings.ts). */
  settings?: Record<string, string>
  /** Started in the background by a `run` (it exits when idle): one a later `run` may restart. */
  idleExit?: boolean
}

export interface RunTaskRequest {
  /** The definition as loaded; the daemon applies `overrides` to it (taskdef/overrides.ts). */
  taskDefinition: TaskDefinition
  /** RunTask's members, as `aws ecs run-task` takes them (`--env` already folded into overrides). */
  overrides?: TaskOverride
  startedBy?: string
  group?: string
  tags?: Tag[]
  /** RunTask's launchType (`--launch-type`); default from requiresCompatibilities. */
  launchType?: 'EC2' | 'FARGATE'
  cluster?: string
  credentialsMode?: CredentialsEndpointMode
  /** The task outlives this request: the client may go once it is RUNNING (`run --detach`). */
  detach?: boolean
}

/** One NDJSON line of POST /v1/tasks's streamed response. */
export type TaskEvent =
  | { type: 'task'; taskArn: string; taskId: string }
  | { type: 'status'; status: string }
  | { type: 'pull'; image: string; layer?: string; status: string }
  /** The complete lines one read of the container's output gave (a burst travels as few events). */
  | { type: 'output'; container: string; stream: 'stdout' | 'stderr'; lines: string[] }
  | { type: 'notice'; message: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'stopped'; exitCode?: number; reason: string }

/** What `ecs-local ps` lists per task, statuses as the ECS API shows them. */
export type { TaskSummary } from '../model/task.js'

/** GET /v1/local-aws/policy: `role=<role ARN>`, or `task=<task id or ARN>` with `execution=true` for its other role. */
export interface RolePolicyQuery {
  role?: string
  task?: string
  execution?: string
}

/** Its answer: a role's least-privilege identity policy, and what it was built from. */
export interface RolePolicy {
  roleArn: string
  /** When the role was named by its task: the task, and which of its roles this is. */
  task?: { taskArn: string; role: 'task' | 'execution' }
  policy: {
    Version: string
    Statement: { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[] }[]
  }
  /** Calls of the role's sessions the policy allows; `denied` of them had been refused without an explicit Deny. */
  calls: number
  denied: number
  /** Calls an explicit Deny refused: what it refused is not in the policy. */
  explicitlyDenied: number
  /** First and last call covered (ISO-8601). */
  from: string
  to: string
}
