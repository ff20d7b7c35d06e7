import t from 'tap'
import { parseTaskDefinitionInput } from '../../src/taskdef/index.js'
import { fixtureText, sourceError } from './helpers.js'

const state = (resources: unknown[], childModules: unknown[] = []) =>
  JSON.stringify({
    format_version: '1.0',
    terraform_version: '1.9.5',
    values: { root_module: { resources, child_modules: childModules } },
  })
const td = (address: string, values: Record<string, unknown>) => ({
  address,
  mode: 'managed',
  type: 'aws_ecs_task_definition',
  name: address.split('.').pop(),
  values: {
    family: 'app',
    container_definitions: JSON.stringify([{ name: 'app', image: 'nginx:1.27' }]),
    ...values,
  },
})
const load = (text: string, options = {}) => parseTaskDefinitionInput(text, 'tf.json', options)

t.test('several aws_ecs_task_definition resources: the error lists their addresses, --resource picks', async (t) => {
  const text = fixtureText('fargate-web.tfplan.json')
  t.throws(
    () => load(text),
    sourceError(
      /2 aws_ecs_task_definition resources; pick one with --resource: aws_ecs_task_definition\.migrate, module\.web\.aws_ecs_task_definition\.this$/,
    ),
  )
  t.equal(load(text, { resource: 'aws_ecs_task_definition.migrate' }).input.family, 'web-migrate')
  t.throws(
    () => load(text, { resource: 'aws_ecs_task_definition.web' }),
    sourceError(/no aws_ecs_task_definition at that address; there are: /),
  )
})

t.test('resources of child modules are found, with their module address', async (t) => {
  const text = state(
    [],
    [
      {
        address: 'module.a',
        child_modules: [
          { address: 'module.a.module.b', resources: [td('module.a.module.b.aws_ecs_task_definition.x', {})] },
        ],
      },
    ],
  )
  t.equal(load(text).resource, 'module.a.module.b.aws_ecs_task_definition.x')
})

t.test('no task definition in the output says so; data sources do not count', async (t) => {
  const text = state([{ ...td('data.aws_ecs_task_definition.x', {}), mode: 'data' }])
  t.throws(() => load(text), sourceError(/no aws_ecs_task_definition resource in it/))
})

t.test('values a plan knows only after apply are named, each with the flag that stands in', async (t) => {
  const err = t.throws(() => load(fixtureText('unknown-after-apply.tfplan.json'))) as Error
  t.match(err.message, /aws_ecs_task_definition\.web\.container_definitions: known only after apply; apply first/)
  t.match(
    err.message,
    /aws_ecs_task_definition\.web\.execution_role_arn: known only after apply; pass --execution-role-arn ARN/,
  )
  t.match(err.message, /aws_ecs_task_definition\.web\.task_role_arn: known only after apply; pass --task-role-arn ARN/)
  t.notMatch(err.message, /\.arn:|revision/, 'computed ids are not needed')
  const roles = {
    taskRoleArn: 'arn:aws:iam::111122223333:role/t',
    executionRoleArn: 'arn:aws:iam::111122223333:role/e',
  }
  const again = t.throws(() => load(fixtureText('unknown-after-apply.tfplan.json'), roles)) as Error
  t.notMatch(again.message, /role_arn/, 'the flags answer for the roles')
})

t.test('blocks, maps and the flat host_path become the API shape', async (t) => {
  const input = load(
    state([
      td('aws_ecs_task_definition.app', {
        volume: [
          { name: 'data', host_path: '/srv/data', docker_volume_configuration: [], efs_volume_configuration: [] },
          {
            name: 'efs',
            host_path: '',
            efs_volume_configuration: [
              {
                file_system_id: 'fs-1',
                root_directory: '/',
                transit_encryption: 'ENABLED',
                transit_encryption_port: 0,
                authorization_config: [{ access_point_id: 'fsap-1', iam: 'ENABLED' }],
              },
            ],
          },
        ],
        proxy_configuration: [
          { container_name: 'envoy', type: 'APPMESH', properties: { AppPorts: '8080', IgnoredUID: '1337' } },
        ],
        tags: { team: 'a' },
        tags_all: { team: 'a', owner: 'platform' },
        skip_destroy: false,
        track_latest: false,
        region: 'us-east-1',
      }),
    ]),
  ).input
  t.strictSame(input.volumes?.[0], { name: 'data', host: { sourcePath: '/srv/data' } })
  t.strictSame(input.volumes?.[1]?.efsVolumeConfiguration, {
    fileSystemId: 'fs-1',
    rootDirectory: '/',
    transitEncryption: 'ENABLED',
    transitEncryptionPort: 0,
    authorizationConfig: { accessPointId: 'fsap-1', iam: 'ENABLED' },
  })
  t.strictSame(input.proxyConfiguration?.properties, [
    { name: 'AppPorts', value: '8080' },
    { name: 'IgnoredUID', value: '1337' },
  ])
  t.strictSame(
    input.tags,
    [
      { key: 'team', value: 'a' },
      { key: 'owner', value: 'platform' },
    ],
    'tags_all: what the provider registers, default_tags included',
  )
})

t.test('an attribute the provider schema does not have is named, not dropped', async (t) => {
  const text = state([td('aws_ecs_task_definition.app', { network_modee: 'bridge' })])
  t.throws(
    () => load(text),
    sourceError(/aws_ecs_task_definition\.app\.network_modee: aws_ecs_task_definition has no member network_modee/),
  )
})

t.test('container_definitions that is not a JSON array is named', async (t) => {
  const text = state([td('aws_ecs_task_definition.app', { container_definitions: '{"name": "app"' })])
  t.throws(() => load(text), sourceError(/aws_ecs_task_definition\.app\.container_definitions: is not valid JSON/))
})

t.test('a raw state file is recognised and pointed to terraform show -json', async (t) => {
  const raw = JSON.stringify({ version: 4, terraform_version: '1.9.5', serial: 3, lineage: 'x', resources: [] })
  t.throws(() => load(raw), sourceError(/raw Terraform state file; load the output of `terraform show -json`/))
})
