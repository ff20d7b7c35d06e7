import type {
  ContainerDefinition,
  ContainerDependency,
  ContainerRestartPolicy,
  Device,
  DockerVolumeConfiguration,
  EFSAuthorizationConfig,
  EFSVolumeConfiguration,
  EnvironmentFile,
  EphemeralStorage,
  FirelensConfiguration,
  FSxWindowsFileServerAuthorizationConfig,
  FSxWindowsFileServerVolumeConfiguration,
  HealthCheck,
  HostEntry,
  HostVolumeProperties,
  InferenceAccelerator,
  KernelCapabilities,
  KeyValuePair,
  LinuxParameters,
  LogConfiguration,
  MountPoint,
  PortMapping,
  ProxyConfiguration,
  RepositoryCredentials,
  ResourceRequirement,
  RuntimePlatform,
  Secret,
  SystemControl,
  Tag,
  TaskDefinitionPlacementConstraint,
  Tmpfs,
  Ulimit,
  Volume,
  VolumeFrom,
} from '@aws-sdk/client-ecs'
import { listOf, struct } from './convert.js'
import type { TaskDefinitionInput } from './types.js'

// AWS::ECS::TaskDefinition's properties (CloudFormation template reference) and the API members they become.
// Most are the API name with a capital; the exceptions are spelt out: EFSVolumeConfiguration, FilesystemId, IAM,
// ProxyConfigurationProperties, Tags' Key/Value. DockerLabels, Options, DriverOpts and Labels are maps whose keys
// are the user's and stay as written.

const keyValue = struct<KeyValuePair>('KeyValuePair', { Name: ['name', 'string'], Value: ['value', 'string'] })
const secret = struct<Secret>('Secret', { Name: ['name', 'string'], ValueFrom: ['valueFrom', 'string'] })

const linuxParameters = struct<LinuxParameters>('LinuxParameters', {
  Capabilities: [
    'capabilities',
    struct<KernelCapabilities>('KernelCapabilities', { Add: ['add', 'strings'], Drop: ['drop', 'strings'] }),
  ],
  Devices: [
    'devices',
    listOf(
      struct<Device>('Device', {
        ContainerPath: ['containerPath', 'string'],
        HostPath: ['hostPath', 'string'],
        Permissions: ['permissions', 'strings'],
      }),
    ),
  ],
  InitProcessEnabled: ['initProcessEnabled', 'bool'],
  MaxSwap: ['maxSwap', 'int'],
  SharedMemorySize: ['sharedMemorySize', 'int'],
  Swappiness: ['swappiness', 'int'],
  Tmpfs: [
    'tmpfs',
    listOf(
      struct<Tmpfs>('Tmpfs', {
        ContainerPath: ['containerPath', 'string'],
        MountOptions: ['mountOptions', 'strings'],
        Size: ['size', 'int'],
      }),
    ),
  ],
})

const containerDefinition = struct<ContainerDefinition>('ContainerDefinition', {
  Command: ['command', 'strings'],
  Cpu: ['cpu', 'int'],
  CredentialSpecs: ['credentialSpecs', 'strings'],
  DependsOn: [
    'dependsOn',
    listOf(
      struct<ContainerDependency>('ContainerDependency', {
        Condition: ['condition', 'string'],
        ContainerName: ['containerName', 'string'],
      }),
    ),
  ],
  DisableNetworking: ['disableNetworking', 'bool'],
  DnsSearchDomains: ['dnsSearchDomains', 'strings'],
  DnsServers: ['dnsServers', 'strings'],
  DockerLabels: ['dockerLabels', 'map'],
  DockerSecurityOptions: ['dockerSecurityOptions', 'strings'],
  EntryPoint: ['entryPoint', 'strings'],
  Environment: ['environment', listOf(keyValue)],
  EnvironmentFiles: [
    'environmentFiles',
    listOf(struct<EnvironmentFile>('EnvironmentFile', { Type: ['type', 'string'], Value: ['value', 'string'] })),
  ],
  Essential: ['essential', 'bool'],
  ExtraHosts: [
    'extraHosts',
    listOf(struct<HostEntry>('HostEntry', { Hostname: ['hostname', 'string'], IpAddress: ['ipAddress', 'string'] })),
  ],
  FirelensConfiguration: [
    'firelensConfiguration',
    struct<FirelensConfiguration>('FirelensConfiguration', { Options: ['options', 'map'], Type: ['type', 'string'] }),
  ],
  HealthCheck: [
    'healthCheck',
    struct<HealthCheck>('HealthCheck', {
      Command: ['command', 'strings'],
      Interval: ['interval', 'int'],
      Retries: ['retries', 'int'],
      StartPeriod: ['startPeriod', 'int'],
      Timeout: ['timeout', 'int'],
    }),
  ],
  Hostname: ['hostname', 'string'],
  Image: ['image', 'string'],
  Interactive: ['interactive', 'bool'],
  Links: ['links', 'strings'],
  LinuxParameters: ['linuxParameters', linuxParameters],
  LogConfiguration: [
    'logConfiguration',
    struct<LogConfiguration>('LogConfiguration', {
      LogDriver: ['logDriver', 'string'],
      Options: ['options', 'map'],
      SecretOptions: ['secretOptions', listOf(secret)],
    }),
  ],
  Memory: ['memory', 'int'],
  MemoryReservation: ['memoryReservation', 'int'],
  MountPoints: [
    'mountPoints',
    listOf(
      struct<MountPoint>('MountPoint', {
        ContainerPath: ['containerPath', 'string'],
        ReadOnly: ['readOnly', 'bool'],
        SourceVolume: ['sourceVolume', 'string'],
      }),
    ),
  ],
  Name: ['name', 'string'],
  PortMappings: [
    'portMappings',
    listOf(
      struct<PortMapping>('PortMapping', {
        AppProtocol: ['appProtocol', 'string'],
        ContainerPort: ['containerPort', 'int'],
        ContainerPortRange: ['containerPortRange', 'string'],
        HostPort: ['hostPort', 'int'],
        Name: ['name', 'string'],
        Protocol: ['protocol', 'string'],
      }),
    ),
  ],
  Privileged: ['privileged', 'bool'],
  PseudoTerminal: ['pseudoTerminal', 'bool'],
  ReadonlyRootFilesystem: ['readonlyRootFilesystem', 'bool'],
  RepositoryCredentials: [
    'repositoryCredentials',
    struct<RepositoryCredentials>('RepositoryCredentials', {
      CredentialsParameter: ['credentialsParameter', 'string'],
    }),
  ],
  ResourceRequirements: [
    'resourceRequirements',
    listOf(
      struct<ResourceRequirement>('ResourceRequirement', { Type: ['type', 'string'], Value: ['value', 'string'] }),
    ),
  ],
  RestartPolicy: [
    'restartPolicy',
    struct<ContainerRestartPolicy>('RestartPolicy', {
      Enabled: ['enabled', 'bool'],
      IgnoredExitCodes: ['ignoredExitCodes', 'ints'],
      RestartAttemptPeriod: ['restartAttemptPeriod', 'int'],
    }),
  ],
  Secrets: ['secrets', listOf(secret)],
  StartTimeout: ['startTimeout', 'int'],
  StopTimeout: ['stopTimeout', 'int'],
  SystemControls: [
    'systemControls',
    listOf(struct<SystemControl>('SystemControl', { Namespace: ['namespace', 'string'], Value: ['value', 'string'] })),
  ],
  Ulimits: [
    'ulimits',
    listOf(
      struct<Ulimit>('Ulimit', {
        HardLimit: ['hardLimit', 'int'],
        Name: ['name', 'string'],
        SoftLimit: ['softLimit', 'int'],
      }),
    ),
  ],
  User: ['user', 'string'],
  VersionConsistency: ['versionConsistency', 'string'],
  VolumesFrom: [
    'volumesFrom',
    listOf(
      struct<VolumeFrom>('VolumeFrom', {
        ReadOnly: ['readOnly', 'bool'],
        SourceContainer: ['sourceContainer', 'string'],
      }),
    ),
  ],
  WorkingDirectory: ['workingDirectory', 'string'],
})

const volume = struct<Volume>('Volume', {
  ConfiguredAtLaunch: ['configuredAtLaunch', 'bool'],
  DockerVolumeConfiguration: [
    'dockerVolumeConfiguration',
    struct<DockerVolumeConfiguration>('DockerVolumeConfiguration', {
      Autoprovision: ['autoprovision', 'bool'],
      Driver: ['driver', 'string'],
      DriverOpts: ['driverOpts', 'map'],
      Labels: ['labels', 'map'],
      Scope: ['scope', 'string'],
    }),
  ],
  EFSVolumeConfiguration: [
    'efsVolumeConfiguration',
    struct<EFSVolumeConfiguration>('EFSVolumeConfiguration', {
      AuthorizationConfig: [
        'authorizationConfig',
        struct<EFSAuthorizationConfig>('AuthorizationConfig', {
          AccessPointId: ['accessPointId', 'string'],
          IAM: ['iam', 'string'],
        }),
      ],
      FilesystemId: ['fileSystemId', 'string'],
      RootDirectory: ['rootDirectory', 'string'],
      TransitEncryption: ['transitEncryption', 'string'],
      TransitEncryptionPort: ['transitEncryptionPort', 'int'],
    }),
  ],
  FSxWindowsFileServerVolumeConfiguration: [
    'fsxWindowsFileServerVolumeConfiguration',
    struct<FSxWindowsFileServerVolumeConfiguration>('FSxWindowsFileServerVolumeConfiguration', {
      AuthorizationConfig: [
        'authorizationConfig',
        struct<FSxWindowsFileServerAuthorizationConfig>('FSxAuthorizationConfig', {
          CredentialsParameter: ['credentialsParameter', 'string'],
          Domain: ['domain', 'string'],
        }),
      ],
      FileSystemId: ['fileSystemId', 'string'],
      RootDirectory: ['rootDirectory', 'string'],
    }),
  ],
  Host: ['host', struct<HostVolumeProperties>('HostVolumeProperties', { SourcePath: ['sourcePath', 'string'] })],
  Name: ['name', 'string'],
})

/** The Properties of an AWS::ECS::TaskDefinition resource. */
export const TASK_DEFINITION_PROPERTIES = struct<TaskDefinitionInput>('AWS::ECS::TaskDefinition', {
  ContainerDefinitions: ['containerDefinitions', listOf(containerDefinition)],
  Cpu: ['cpu', 'string'],
  EnableFaultInjection: ['enableFaultInjection', 'bool'],
  EphemeralStorage: [
    'ephemeralStorage',
    struct<EphemeralStorage>('EphemeralStorage', { SizeInGiB: ['sizeInGiB', 'int'] }),
  ],
  ExecutionRoleArn: ['executionRoleArn', 'string'],
  Family: ['family', 'string'],
  InferenceAccelerators: [
    'inferenceAccelerators',
    listOf(
      struct<InferenceAccelerator>('InferenceAccelerator', {
        DeviceName: ['deviceName', 'string'],
        DeviceType: ['deviceType', 'string'],
      }),
    ),
  ],
  IpcMode: ['ipcMode', 'string'],
  Memory: ['memory', 'string'],
  NetworkMode: ['networkMode', 'string'],
  PidMode: ['pidMode', 'string'],
  PlacementConstraints: [
    'placementConstraints',
    listOf(
      struct<TaskDefinitionPlacementConstraint>('TaskDefinitionPlacementConstraint', {
        Expression: ['expression', 'string'],
        Type: ['type', 'string'],
      }),
    ),
  ],
  ProxyConfiguration: [
    'proxyConfiguration',
    struct<ProxyConfiguration>('ProxyConfiguration', {
      ContainerName: ['containerName', 'string'],
      ProxyConfigurationProperties: ['properties', listOf(keyValue)],
      Type: ['type', 'string'],
    }),
  ],
  RequiresCompatibilities: ['requiresCompatibilities', 'strings'],
  RuntimePlatform: [
    'runtimePlatform',
    struct<RuntimePlatform>('RuntimePlatform', {
      CpuArchitecture: ['cpuArchitecture', 'string'],
      OperatingSystemFamily: ['operatingSystemFamily', 'string'],
    }),
  ],
  Tags: ['tags', listOf(struct<Tag>('Tag', { Key: ['key', 'string'], Value: ['value', 'string'] }))],
  TaskRoleArn: ['taskRoleArn', 'string'],
  Volumes: ['volumes', listOf(volume)],
})
