import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { jsonOutputOf } from '../helpers/tasks.js'

// Each input format end to end: the same container, described as CloudFormation YAML (short-form tags and
// parameters), `terraform show -json` state, and a bare containerDefinitions array, run for real; the container
// reports the family, its task role's identity and an environment value each format resolved.

const ACCOUNT = '000000000000'
const app = (image: string) => ({
  name: 'app',
  image,
  essential: true,
  environment: [{ name: 'STAGE', value: 'from-format' }],
  command: [
    'node',
    '-e',
    `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
     fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + '/task').then((r) => r.json()).then(async (m) => {
       const who = await new STSClient({}).send(new GetCallerIdentityCommand({}));
       console.log(JSON.stringify({ family: m.Family, stage: process.env.STAGE, arn: who.Arn }));
     })`,
  ],
})

t.test('CloudFormation YAML, terraform state and a bare array run the same container', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const c = app(image)

  const cfn = join(d.stateDir, 'template.yaml')
  writeFileSync(
    cfn,
    `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage:
    Type: String
    Default: from-format
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: fmt-cfn-task
      AssumeRolePolicyDocument: {}
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Sub 'fmt-\${AWS::Region}-cfn'
      TaskRoleArn: !GetAtt TaskRole.Arn
      NetworkMode: awsvpc
      ContainerDefinitions:
        - Name: app
          Image: ${image}
          Essential: true
          Environment:
            - Name: STAGE
              Value: !Ref Stage
          Command: ${JSON.stringify(c.command)}
`,
  )
  const tfstate = join(d.stateDir, 'state.json')
  writeFileSync(
    tfstate,
    JSON.stringify({
      format_version: '1.0',
      terraform_version: '1.9.0',
      values: {
        root_module: {
          resources: [
            {
              address: 'aws_ecs_task_definition.app',
              mode: 'managed',
              type: 'aws_ecs_task_definition',
              name: 'app',
              values: {
                family: 'fmt-tf',
                network_mode: 'awsvpc',
                task_role_arn: `arn:aws:iam::${ACCOUNT}:role/fmt-tf-task`,
                container_definitions: JSON.stringify([c]),
              },
            },
          ],
        },
      },
    }),
  )
  const bare = join(d.stateDir, 'containers.json')
  writeFileSync(bare, JSON.stringify([c]))

  const cases: Array<[string, string[], string, string]> = [
    ['CloudFormation YAML', [cfn, '--parameter', `AWS::AccountId=${ACCOUNT}`], 'fmt-us-east-1-cfn', 'fmt-cfn-task'],
    ['terraform show -json', [tfstate], 'fmt-tf', 'fmt-tf-task'],
    [
      'bare containerDefinitions',
      [bare, '--family', 'fmt-bare', '--task-role-arn', `arn:aws:iam::${ACCOUNT}:role/fmt-bare-task`],
      'fmt-bare',
      'fmt-bare-task',
    ],
  ]
  for (const [name, args, family, role] of cases) {
    const r = await cli(['run', ...args, '--aws', 'local', '--json'], d.env)
    t.equal(r.code, 0, `${name}: exit 0 (${r.stderr.slice(-300)})`)
    const [report] = jsonOutputOf<{ family: string; stage: string; arn: string }>(r, 'app')
    t.match(
      report,
      { family, stage: 'from-format', arn: new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${role}/ecs-local-`) },
      name,
    )
  }
})
