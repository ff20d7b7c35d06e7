/**
 * What ecs-local does with each member of the ECS API's task definition shapes (RegisterTaskDefinition's input and
 * ContainerDefinition), as docs/task-definitions.md's "Supported fields" table says it. A test enumerates the
 * members of the model the SDK ships and fails on one missing here, so a member the API gains later cannot be
 * dropped without a word.
 */
export type FieldSupport = 'honoured' | 'emulated' | 'refused' | 'ignored'

export interface FieldEntry {
  support: FieldSupport
  /** How, or why not: one line for the docs' table. */
  note: string
}

const honoured = (note: string): FieldEntry => ({ support: 'honoured', note })
const emulated = (note: string): FieldEntry => ({ support: 'emulated', note })
const ignored = (note: string): FieldEntry => ({ support: 'ignored', note })

export const TASK_FIELDS: Readonly<Record<string, FieldEntry>> = {
  family: honoured('names the task, its containers and metadata'),
  containerDefinitions: honoured('see the container table'),
  taskRoleArn: honoured('assumed; its credentials are what the containers get'),
  executionRoleArn: honoured('assumed; used only for pulls, secrets, environment files and awslogs'),
  networkMode: honoured('`bridge` (the default) and `awsvpc`; `host` and `none` are refused for now'),
  volumes: honoured('host paths and Docker volumes; EFS, FSx and EBS (`configuredAtLaunch`) are refused'),
  placementConstraints: ignored('one host: there is nowhere else to place a task'),
  requiresCompatibilities: honoured('the launch type, and the Fargate registration rules'),
  cpu: emulated('a CFS quota on each container, not on their sum'),
  memory: emulated('the hard limit of each container without its own, not of their sum'),
  tags: honoured("the task's tags in metadata (`TaskTags`), with `run --tags`"),
  pidMode: honoured('`host`, or `task` through a namespace holder container'),
  ipcMode: honoured('`host`, `none`, or `task` through a namespace holder container'),
  proxyConfiguration: ignored('App Mesh proxy wiring needs the mesh; no local stand-in'),
  inferenceAccelerators: ignored('Elastic Inference does not exist locally'),
  ephemeralStorage: ignored("Fargate's task storage size; local storage is the engine's"),
  runtimePlatform: ignored('the image is run as the engine runs it'),
  enableFaultInjection: honoured('reported in metadata, and enables the fault injection routes'),
}

export const CONTAINER_FIELDS: Readonly<Record<string, FieldEntry>> = {
  name: honoured(''),
  image: honoured('pulled per the `--pull` policy; ECR with the execution role'),
  repositoryCredentials: honoured('read from Secrets Manager with the execution role'),
  cpu: honoured('Docker CPU shares (2 to 262144, as the agent clamps)'),
  memory: honoured('hard limit (MiB)'),
  memoryReservation: honoured('soft limit (MiB)'),
  links: honoured('bridge only'),
  portMappings: honoured('published; `name` and `appProtocol` are ignored'),
  essential: honoured("an essential container's exit stops the task"),
  restartPolicy: ignored('containers are not restarted'),
  entryPoint: honoured(''),
  command: honoured(''),
  environment: honoured(''),
  environmentFiles: honoured('read from S3 with the execution role'),
  mountPoints: honoured(''),
  volumesFrom: honoured(''),
  linuxParameters: honoured('capabilities, init, shared memory, tmpfs, devices, swap'),
  secrets: honoured('Secrets Manager and SSM, with the execution role'),
  dependsOn: honoured('START, COMPLETE, SUCCESS, HEALTHY'),
  startTimeout: honoured(''),
  stopTimeout: honoured(''),
  versionConsistency: ignored('the image is resolved when the task starts, not at registration'),
  hostname: honoured('not in awsvpc (refused, as ECS refuses it)'),
  user: honoured(''),
  workingDirectory: honoured(''),
  disableNetworking: honoured(''),
  privileged: honoured('refused on Fargate'),
  readonlyRootFilesystem: honoured(''),
  dnsServers: honoured('not in awsvpc'),
  dnsSearchDomains: honoured('not in awsvpc'),
  extraHosts: honoured('not in awsvpc'),
  dockerSecurityOptions: honoured('`credentialspec:` is refused (no Active Directory)'),
  interactive: honoured('stdin is opened; `run` does not forward the terminal'),
  pseudoTerminal: honoured('one raw stream, all stdout'),
  dockerLabels: honoured(''),
  ulimits: honoured(''),
  logConfiguration: honoured('awslogs forwarded by the daemon; json-file, local, none and others passed to Docker'),
  healthCheck: honoured("ECS's defaults"),
  systemControls: honoured('namespaced sysctls'),
  resourceRequirements: ignored('GPUs and accelerators are not assigned locally'),
  firelensConfiguration: ignored('FireLens log routing is not run yet'),
  credentialSpecs: ignored('gMSA needs Active Directory'),
}
