import type { ContainerDefinition, TaskDefinition } from '@aws-sdk/client-ecs'
import type { StatsSample } from './stats.js'
import type { ApiContainerStatus, ApiTaskStatus, ContainerStatus, TaskStatus } from './status.js'

export interface ContainerNetwork {
  networkMode: string
  ipv4Addresses: string[]
}

export interface ContainerRecord {
  name: string
  /** Random id in ECS_CONTAINER_METADATA_URI(_V4) and ECS_AGENT_URI. */
  endpointId: string
  /** CNI_PAUSE for the task's pause container, NORMAL otherwise (agent naming). */
  type: 'NORMAL' | 'CNI_PAUSE'
  definition?: ContainerDefinition
  dockerName: string
  dockerId?: string
  image: string
  imageId?: string
  labels: Record<string, string>
  desiredStatus: ContainerStatus
  knownStatus: ContainerStatus
  /** RUNNING, or RESOURCES_PROVISIONED for the pause container (its network is set up after it starts). */
  steadyStatus: ContainerStatus
  exitCode?: number
  createdAt?: Date
  startedAt?: Date
  finishedAt?: Date
  networks: ContainerNetwork[]
  limits: { cpu?: number; memory?: number }
  essential: boolean
  /** Containers with a healthCheck: ECS's view of Docker's status (UNKNOWN while starting). */
  health?: ContainerHealth
  /** Docker's latest stats sample and the network rates between the last two (TMDE stats). */
  stats?: { sample: StatsSample; networkRate?: { rx_bytes_per_sec: number; tx_bytes_per_sec: number } }
}

export interface ContainerHealth {
  status: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'
  since: Date
  /** The latest probe's output, as the agent reports it. */
  output?: string
}

export interface TaskRecord {
  arn: string
  id: string
  cluster: string
  family: string
  revision: number
  launchType: 'FARGATE' | 'EC2'
  availabilityZone: string
  networkMode: string
  definition: TaskDefinition
  taskRoleArn?: string
  executionRoleArn?: string
  /** Credentials id for the task role (only when the task has one). */
  credentialsId?: string
  /**
   * FULL_URI mode only: the value containers send in the Authorization header
   * (AWS_CONTAINER_AUTHORIZATION_TOKEN or _FILE). A secret: never logged, never in metadata.
   */
  authorizationToken?: string
  desiredStatus: TaskStatus
  knownStatus: TaskStatus
  stoppedReason?: string
  pullStartedAt?: Date
  pullStoppedAt?: Date
  limits: { cpu?: number; memory?: number }
  pause?: ContainerRecord
  containers: ContainerRecord[]
}

/** A task as `ecs-local ps` lists it: statuses as the ECS API shows them (lastStatus), not the agent's own. */
export interface TaskSummary {
  taskArn: string
  family: string
  revision: number
  lastStatus: ApiTaskStatus
  desiredStatus: TaskStatus
  containers: Array<{ name: string; lastStatus: ApiContainerStatus; exitCode?: number }>
}
