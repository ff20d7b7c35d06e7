import t from 'tap'
import { parseTaskDefinitionInput } from '../../src/taskdef/index.js'
import { fixtureText, sourceError } from './helpers.js'

const load = (text: string, options = {}) => parseTaskDefinitionInput(text, 'stack.json', options)
const template = (properties: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  JSON.stringify({
    ...more,
    Resources: {
      TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: properties },
      ...(more.Resources as object),
    },
  })
const container = { Name: 'app', Image: 'nginx:1.27' }

t.test('several task definitions: the error lists them, --resource picks one', async (t) => {
  const text = fixtureText('two-task-definitions.cfn.yaml')
  t.throws(
    () => load(text),
    sourceError(
      /2 AWS::ECS::TaskDefinition resources; pick one with --resource: ApiTaskDefinition \(family orders-api\), WorkerTaskDefinition$/,
    ),
  )
  const worker = load(text, { resource: 'WorkerTaskDefinition' })
  t.equal(worker.resource, 'WorkerTaskDefinition')
  t.equal(worker.input.family, 'WorkerTaskDefinition', 'a family-less definition is named after its logical id')
  t.throws(
    () => load(text, { resource: 'Queue' }),
    sourceError(/--resource Queue: Queue is an AWS::SQS::Queue; .*ApiTaskDefinition, WorkerTaskDefinition/),
  )
  t.throws(() => load(text, { resource: 'Nope' }), sourceError(/--resource Nope: the template has no resource Nope/))
})

t.test('a template without a task definition says so', async (t) => {
  const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Q: { Type: 'AWS::SQS::Queue' } } })
  t.throws(() => load(text), sourceError(/no AWS::ECS::TaskDefinition resource/))
})

t.test('every unresolved intrinsic is named with its path, all at once', async (t) => {
  const err = t.throws(() =>
    parseTaskDefinitionInput(fixtureText('unresolved.cfn.yaml'), 'unresolved.cfn.yaml'),
  ) as Error
  const lines = err.message
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(': ')[0])
  t.strictSame(lines, [
    'Resources.TaskDefinition.Properties.ExecutionRoleArn',
    'Resources.TaskDefinition.Properties.ContainerDefinitions[0].Image',
    'Resources.TaskDefinition.Properties.ContainerDefinitions[0].Environment[0].Value',
    'Resources.TaskDefinition.Properties.ContainerDefinitions[0].Secrets[0].ValueFrom',
  ])
  t.match(err.message, /pass --parameter ExecutionRole\.Arn=VALUE, or --execution-role-arn ARN/)
  t.match(
    err.message,
    /Fn::ImportValue shared-reports-bucket: .*--parameter Fn::ImportValue:shared-reports-bucket=VALUE/,
  )
  t.match(err.message, /--parameter '\{\{resolve:ssm:\/reports\/api-key-arn\}\}=VALUE'/)
})

t.test('the --parameter convention supplies parameters, exports, dynamic references and GetAtt values', async (t) => {
  const out = parseTaskDefinitionInput(fixtureText('unresolved.cfn.yaml'), 'u.yaml', {
    parameters: {
      ImageTag: '2.0',
      'Fn::ImportValue:shared-reports-bucket': 'reports-bucket',
      '{{resolve:ssm:/reports/api-key-arn}}': 'arn:aws:ssm:us-east-1:111122223333:parameter/reports/api-key',
      'ExecutionRole.Arn': 'arn:aws:iam::111122223333:role/reports-exec',
      Environment: 'staging',
    },
  }).input
  const c = out.containerDefinitions?.[0]
  t.equal(c?.image, 'registry.example.com/reports:2.0')
  t.strictSame(c?.environment, [
    { name: 'BUCKET', value: 'reports-bucket' },
    { name: 'STAGE', value: 'staging' },
  ])
  t.equal(c?.secrets?.[0]?.valueFrom, 'arn:aws:ssm:us-east-1:111122223333:parameter/reports/api-key')
  t.equal(out.executionRoleArn, 'arn:aws:iam::111122223333:role/reports-exec')
})

t.test('a role ARN flag stands in for an unresolvable role, which is then not resolved at all', async (t) => {
  const text = template(
    {
      ContainerDefinitions: [container],
      TaskRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
    },
    { Resources: { Role: { Type: 'AWS::IAM::Role', Properties: {} } } },
  )
  t.throws(() => load(text), sourceError(/TaskRoleArn: Fn::GetAtt Role\.Arn .*or --task-role-arn ARN/))
  t.equal(
    load(text, { taskRoleArn: 'arn:aws:iam::111122223333:role/r' }).input.taskRoleArn,
    'arn:aws:iam::111122223333:role/r',
  )
})

t.test('a --parameter that matches nothing is refused', async (t) => {
  t.throws(
    () => load(template({ ContainerDefinitions: [container] }), { parameters: { ImageTagg: 'x' } }),
    sourceError(/--parameter ImageTagg: no parameter, resource/),
  )
})

t.test('parameter AllowedValues are enforced', async (t) => {
  const text = template(
    { ContainerDefinitions: [{ ...container, Image: { 'Fn::Sub': 'nginx:${Tag}' } }] },
    { Parameters: { Tag: { Type: 'String', AllowedValues: ['1.27', '1.28'] } } },
  )
  t.throws(
    () => load(text, { parameters: { Tag: '2' } }),
    sourceError(/Ref Tag: "2" is not one of its AllowedValues \(1\.27, 1\.28\)/),
  )
  t.equal(load(text, { parameters: { Tag: '1.28' } }).input.containerDefinitions?.[0]?.image, 'nginx:1.28')
})

t.test('a resource whose Condition is false is not created', async (t) => {
  const text = JSON.stringify({
    Parameters: { Enabled: { Type: 'String', Default: 'no' } },
    Conditions: { On: { 'Fn::Equals': [{ Ref: 'Enabled' }, 'yes'] } },
    Resources: {
      TaskDef: { Type: 'AWS::ECS::TaskDefinition', Condition: 'On', Properties: { ContainerDefinitions: [container] } },
    },
  })
  t.throws(() => load(text), sourceError(/resource TaskDef is not created: its Condition On is false/))
  t.equal(load(text, { parameters: { Enabled: 'yes' } }).input.family, 'TaskDef')
})

t.test('PascalCase properties become the API members, including the ones whose names differ', async (t) => {
  const input = load(
    template({
      Family: 'files',
      ProxyConfiguration: {
        Type: 'APPMESH',
        ContainerName: 'envoy',
        ProxyConfigurationProperties: [{ Name: 'IgnoredUID', Value: 1337 }],
      },
      InferenceAccelerators: [{ DeviceName: 'd1', DeviceType: 'eia2.medium' }],
      Volumes: [
        {
          Name: 'shared',
          EFSVolumeConfiguration: {
            FilesystemId: 'fs-0123456789abcdef0',
            TransitEncryption: 'ENABLED',
            TransitEncryptionPort: '2999',
            AuthorizationConfig: { AccessPointId: 'fsap-0123', IAM: 'ENABLED' },
          },
        },
        {
          Name: 'win',
          FSxWindowsFileServerVolumeConfiguration: {
            FileSystemId: 'fs-0aaa',
            RootDirectory: 'share',
            AuthorizationConfig: {
              CredentialsParameter: 'arn:aws:ssm:us-east-1:111122223333:parameter/fsx',
              Domain: 'corp.example.com',
            },
          },
        },
      ],
      ContainerDefinitions: [
        {
          ...container,
          DockerLabels: { 'com.example.Team': 'files', Name: 'kept' },
          LogConfiguration: { LogDriver: 'awsfirelens', Options: { Name: 'cloudwatch', region: 'us-east-1' } },
          FirelensConfiguration: { Type: 'fluentbit', Options: { 'enable-ecs-log-metadata': 'true' } },
          RepositoryCredentials: { CredentialsParameter: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:r' },
          RestartPolicy: { Enabled: 'true', IgnoredExitCodes: ['0', 2], RestartAttemptPeriod: 60 },
          Ulimits: [{ Name: 'nofile', SoftLimit: '1024', HardLimit: 4096 }],
        },
      ],
    }),
  ).input
  t.strictSame(input.proxyConfiguration, {
    type: 'APPMESH',
    containerName: 'envoy',
    properties: [{ name: 'IgnoredUID', value: '1337' }],
  })
  t.strictSame(input.inferenceAccelerators, [{ deviceName: 'd1', deviceType: 'eia2.medium' }])
  t.strictSame(input.volumes?.[0]?.efsVolumeConfiguration, {
    fileSystemId: 'fs-0123456789abcdef0',
    transitEncryption: 'ENABLED',
    transitEncryptionPort: 2999,
    authorizationConfig: { accessPointId: 'fsap-0123', iam: 'ENABLED' },
  })
  t.equal(input.volumes?.[1]?.fsxWindowsFileServerVolumeConfiguration?.authorizationConfig?.domain, 'corp.example.com')
  const c = input.containerDefinitions?.[0]
  t.strictSame(c?.dockerLabels, { 'com.example.Team': 'files', Name: 'kept' }, 'map keys as written')
  t.strictSame(c?.logConfiguration?.options, { Name: 'cloudwatch', region: 'us-east-1' })
  t.strictSame(c?.firelensConfiguration, { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } })
  t.equal(c?.repositoryCredentials?.credentialsParameter, 'arn:aws:secretsmanager:us-east-1:111122223333:secret:r')
  t.strictSame(c?.restartPolicy, { enabled: true, ignoredExitCodes: [0, 2], restartAttemptPeriod: 60 })
  t.strictSame(c?.ulimits, [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }])
})

t.test('a property CloudFormation does not have, or a value of the wrong type, is named with its path', async (t) => {
  const text = template({
    ContainerDefinitions: [
      { ...container, Memroy: 512, PortMappings: [{ ContainerPort: 'eighty' }], Essential: 'yes' },
    ],
  })
  const err = t.throws(() => load(text)) as Error
  t.match(err.message, /ContainerDefinitions\[0\]\.Memroy: ContainerDefinition has no member Memroy/)
  t.match(
    err.message,
    /ContainerDefinitions\[0\]\.PortMappings\[0\]\.ContainerPort: must be a whole number, got "eighty"/,
  )
  t.match(err.message, /ContainerDefinitions\[0\]\.Essential: must be true or false, got "yes"/)
})

t.test('YAML short forms become the long form; scalars keep their text', async (t) => {
  const text = `
Parameters:
  Tag: { Type: String, Default: '1.27' }
Resources:
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Join ['-', [!Select [0, !Split ['.', a.b.c]], !Base64 hi]]
      ContainerDefinitions:
        - Name: app
          Image: !Sub ['nginx:\${T}', { T: !Ref Tag }]
          Environment:
            - { Name: V, Value: 1.10 }
            - { Name: OFF, Value: off }
            - { Name: ROLE, Value: !GetAtt Role.Arn }
  Role: { Type: AWS::IAM::Role, Properties: { RoleName: r, Path: /svc/ } }
`
  const input = load(text, { parameters: { 'AWS::AccountId': '111122223333' } }).input
  t.equal(input.family, `a-${Buffer.from('hi').toString('base64')}`)
  const c = input.containerDefinitions?.[0]
  t.equal(c?.image, 'nginx:1.27')
  t.strictSame(c?.environment, [
    { name: 'V', value: '1.10' },
    { name: 'OFF', value: 'off' },
    { name: 'ROLE', value: 'arn:aws:iam::111122223333:role/svc/r' },
  ])
})
