import type {
  DockerVolumeConfiguration,
  EFSAuthorizationConfig,
  EFSVolumeConfiguration,
  EphemeralStorage,
  FSxWindowsFileServerAuthorizationConfig,
  FSxWindowsFileServerVolumeConfiguration,
  HostVolumeProperties,
  InferenceAccelerator,
  ProxyConfiguration,
  RuntimePlatform,
  TaskDefinitionPlacementConstraint,
  Volume,
} from '@aws-sdk/client-ecs'
import { block, listOf, pairs, struct } from './convert.js'
import type { TaskDefinitionInput } from './types.js'

// The aws_ecs_task_definition resource as `terraform show -json` writes it (the AWS provider's schema): snake_case
// attributes, nested blocks as lists, maps for tags and proxy properties. container_definitions is a JSON string
// and is read apart (terraform.ts), as are tags/tags_all and a volume's host_path.

const volume = struct<Volume>('volume', {
  name: ['name', 'string'],
  host: ['host', block(struct<HostVolumeProperties>('host_path', { source_path: ['sourcePath', 'string'] }))],
  configure_at_launch: ['configuredAtLaunch', 'bool'],
  docker_volume_configuration: [
    'dockerVolumeConfiguration',
    block(
      struct<DockerVolumeConfiguration>('docker_volume_configuration', {
        scope: ['scope', 'string'],
        autoprovision: ['autoprovision', 'bool'],
        driver: ['driver', 'string'],
        driver_opts: ['driverOpts', 'map'],
        labels: ['labels', 'map'],
      }),
    ),
  ],
  efs_volume_configuration: [
    'efsVolumeConfiguration',
    block(
      struct<EFSVolumeConfiguration>('efs_volume_configuration', {
        file_system_id: ['fileSystemId', 'string'],
        root_directory: ['rootDirectory', 'string'],
        transit_encryption: ['transitEncryption', 'string'],
        transit_encryption_port: ['transitEncryptionPort', 'int'],
        authorization_config: [
          'authorizationConfig',
          block(
            struct<EFSAuthorizationConfig>('authorization_config', {
              access_point_id: ['accessPointId', 'string'],
              iam: ['iam', 'string'],
            }),
          ),
        ],
      }),
    ),
  ],
  fsx_windows_file_server_volume_configuration: [
    'fsxWindowsFileServerVolumeConfiguration',
    block(
      struct<FSxWindowsFileServerVolumeConfiguration>('fsx_windows_file_server_volume_configuration', {
        file_system_id: ['fileSystemId', 'string'],
        root_directory: ['rootDirectory', 'string'],
        authorization_config: [
          'authorizationConfig',
          block(
            struct<FSxWindowsFileServerAuthorizationConfig>('authorization_config', {
              credentials_parameter: ['credentialsParameter', 'string'],
              domain: ['domain', 'string'],
            }),
          ),
        ],
      }),
    ),
  ],
})

export const TERRAFORM_TASK_DEFINITION = struct<TaskDefinitionInput>(
  'aws_ecs_task_definition',
  {
    family: ['family', 'string'],
    task_role_arn: ['taskRoleArn', 'string'],
    execution_role_arn: ['executionRoleArn', 'string'],
    network_mode: ['networkMode', 'string'],
    cpu: ['cpu', 'string'],
    memory: ['memory', 'string'],
    pid_mode: ['pidMode', 'string'],
    ipc_mode: ['ipcMode', 'string'],
    requires_compatibilities: ['requiresCompatibilities', 'strings'],
    enable_fault_injection: ['enableFaultInjection', 'bool'],
    volume: ['volumes', listOf(volume)],
    placement_constraints: [
      'placementConstraints',
      listOf(
        struct<TaskDefinitionPlacementConstraint>('placement_constraints', {
          type: ['type', 'string'],
          expression: ['expression', 'string'],
        }),
      ),
    ],
    proxy_configuration: [
      'proxyConfiguration',
      block(
        struct<ProxyConfiguration>('proxy_configuration', {
          container_name: ['containerName', 'string'],
          type: ['type', 'string'],
          properties: ['properties', pairs('name', 'value')],
        }),
      ),
    ],
    inference_accelerator: [
      'inferenceAccelerators',
      listOf(
        struct<InferenceAccelerator>('inference_accelerator', {
          device_name: ['deviceName', 'string'],
          device_type: ['deviceType', 'string'],
        }),
      ),
    ],
    runtime_platform: [
      'runtimePlatform',
      block(
        struct<RuntimePlatform>('runtime_platform', {
          operating_system_family: ['operatingSystemFamily', 'string'],
          cpu_architecture: ['cpuArchitecture', 'string'],
        }),
      ),
    ],
    ephemeral_storage: [
      'ephemeralStorage',
      block(struct<EphemeralStorage>('ephemeral_storage', { size_in_gib: ['sizeInGiB', 'int'] })),
    ],
    tags: ['tags', pairs('key', 'value')],
  },
  // Computed or provider-only: they describe Terraform's handling of the resource, not the task definition.
  ['arn', 'arn_without_revision', 'id', 'region', 'revision', 'skip_destroy', 'track_latest', 'container_definitions'],
)
