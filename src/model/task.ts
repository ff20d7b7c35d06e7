import type { ContainerDefinition, TaskDefinition, TaskOverride } from '@aws-sdk/client-ecs'
import type { StatsSample } from './stats.js'
import type { ApiContainerStatus, ApiTaskStatus, ContainerStatus, TaskStatus } from './status.js'

/**
 * One network a container is attached to. The fields past ipv4Addresses are what Docker's inspect showed once
 * the container started (TMDE v4 reports them for the awsvpc ENI); before that only the two are known.
 */
export interface ContainerNetwork {
  /** The task's network mode before start; the Docker network's name once inspected (as the agent reports). */
  networkMode: string
  ipv4Addresses: string[]
  ipv6Addresses?: string[]
  macAddress?: string
  /** The subnet as CIDR, e.g. 169.254.170.0/24. */
  ipv4SubnetCidrBlock?: string
  /** The gateway with the subnet's prefix length, e.g. 169.254.170.2/24 (Fargate writes it so). */
  subnetGatewayIpv4Address?: string
  domainNameServers?: string[]
  domainNameSearchList?: string[]
  /** A name other containers on the network resolve to this address. */
  privateDnsName?: string
}

/** A port Docker published for a container, as its inspect shows it (one per host address bound). */
export interface PortBinding {
  containerPort: number
  protocol: string
  hostPort: number
  hostIp: string
}

/** A mount as Docker's inspect shows it; `name` for a Docker volume, none for a bind mount. */
export interface ContainerMount {
  name?: string
  source: string
  destination: string
}

export interface ContainerRecord {
  name: string
  /** Random id in ECS_CONTAINER_METADATA_URI(_V4) and ECS_AGENT_URI. */
  endpointId: string
  /**
   * Agent naming: CNI_PAUSE for an awsvpc task's pause container, NAMESPACE_PAUSE for the one that holds a bridge
   * task's shared PID/IPC namespaces (pidMode/ipcMode task), NORMAL otherwise.
   */
  type: 'NORMAL' | 'CNI_PAUSE' | 'NAMESPACE_PAUSE'
  /** ECS's container ARN (NORMAL containers only; the agent's internal pause container has none). */
  arn?: string
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
  /** Docker's port bindings, read after start (undefined before). */
  portBindings?: PortBinding[]
  /** Docker's mounts, read after start (undefined before). */
  volumes?: ContainerMount[]
  /**
   * The log options as the agent hands them to the driver: for awslogs with a prefix, the computed
   * awslogs-stream in place of awslogs-stream-prefix (what ECS's TMDE shows).
   */
  logOptions?: Record<string, string>
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
  /** The failing probe's exit code, kept only while UNHEALTHY (as the agent keeps it). */
  exitCode?: number
}

export interface TaskRecord {
  /**
   * `service`: a container ecs-local did not start (compose, `docker run`) that carries the task-role label,
   * adopted as a one-container task and served under the fixed id `compose`. Absent for tasks ecs-local runs.
   */
  source?: 'service'
  arn: string
  id: string
  cluster: string
  family: string
  revision: number
  launchType: 'FARGATE' | 'EC2'
  availabilityZone: string
  networkMode: string
  /** The definition this task runs: the loaded one with RunTask's overrides applied. */
  definition: TaskDefinition
  /** RunTask's overrides as given (DescribeTasks' `overrides`; TMDE has no such field). */
  overrides?: TaskOverride
  /** RunTask's startedBy, when given. */
  startedBy?: string
  /** RunTask's group: `family:<family>` unless given. */
  group: string
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
  /** When the first essential container stopped (the agent's ExecutionStoppedAt). */
  executionStoppedAt?: Date
  /**
   * The task's tags (key -> value), served as TaskTags by taskWithTags: the definition's tags, then RunTask's
   * `tags` (the same key: RunTask's value).
   */
  tags: Record<string, string>
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
  /** As DescribeTasks shows them: startedBy only when given, group always, tags as [{key, value}]. */
  startedBy?: string
  group: string
  tags: Array<{ key: string; value: string }>
  overrides?: TaskOverride
  containers: Array<{ name: string; lastStatus: ApiContainerStatus; exitCode?: number }>
}
