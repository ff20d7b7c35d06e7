import t from 'tap'
import { parseTaskDefinitionInput } from '../../src/taskdef/index.js'
import { fixtureText, normalised } from './helpers.js'

// Each input format of one task definition normalises to the same RegisterTaskDefinition input as its plain-JSON
// twin; the options are what a user would pass on the command line for that format.
const FARGATE = { twin: 'fargate-web.register.json', region: 'us-east-1' }
const cases: Array<{ file: string; twin: string; options: Parameters<typeof normalised>[1] }> = [
  { file: 'fargate-web.describe.json', twin: FARGATE.twin, options: {} },
  { file: 'fargate-web.register.yaml', twin: FARGATE.twin, options: {} },
  {
    file: 'fargate-web.cfn.yaml',
    twin: FARGATE.twin,
    options: { region: FARGATE.region, parameters: { ImageTag: '1.4.2', 'AWS::AccountId': '111122223333' } },
  },
  { file: 'fargate-web.tfstate.json', twin: FARGATE.twin, options: {} },
  {
    file: 'fargate-web.tfplan.json',
    twin: FARGATE.twin,
    options: { resource: 'module.web.aws_ecs_task_definition.this' },
  },
  {
    file: 'cdk-api.template.json',
    twin: 'cdk-api.register.json',
    options: {
      region: 'eu-central-1',
      parameters: {
        'AWS::AccountId': '111122223333',
        TaskDefapiLogGroupC2D38A6B: 'ApiStack-TaskDefapiLogGroupC2D38A6B-dD5fG7hJ9kL1',
        'TaskDefTaskRole1EDB4A67.Arn': 'arn:aws:iam::111122223333:role/ApiStack-TaskDefTaskRole1EDB4A67-Q2W3E4R5T6Y7',
      },
      executionRoleArn: 'arn:aws:iam::111122223333:role/ApiStack-TaskDefExecutionRoleB4775C97-U8I9O0P1A2S3',
    },
  },
  {
    file: 'bridge-worker.cfn.json',
    twin: 'bridge-worker.register.json',
    options: { region: 'eu-west-1', parameters: { 'AWS::AccountId': '210987654321' } },
  },
]

for (const c of cases) {
  t.test(`${c.file} normalises like ${c.twin}`, async (t) => {
    t.strictSame(normalised(c.file, c.options), normalised(c.twin))
  })
}

t.test('a bare containerDefinitions array takes the rest from flags', async (t) => {
  const twin = normalised('cdk-api.register.json')
  const options = {
    family: twin.family,
    taskRoleArn: twin.taskRoleArn,
    executionRoleArn: twin.executionRoleArn,
    networkMode: 'awsvpc',
  }
  t.strictSame(normalised('cdk-api.containers.json', options), {
    family: twin.family,
    containerDefinitions: twin.containerDefinitions,
    taskRoleArn: twin.taskRoleArn,
    executionRoleArn: twin.executionRoleArn,
    networkMode: 'awsvpc',
  })
})

t.test('the revision of describe-task-definition output and Terraform state is kept', async (t) => {
  for (const file of ['fargate-web.describe.json', 'fargate-web.tfstate.json']) {
    const loaded = parseTaskDefinitionInput(fixtureText(file), file)
    t.equal(loaded.input.revision, 4, file)
  }
  t.equal(parseTaskDefinitionInput(fixtureText(FARGATE.twin), FARGATE.twin).input.revision, undefined, 'none invented')
})

t.test('each fixture reports the format it was detected as', async (t) => {
  const formats = {
    'fargate-web.describe.json': 'describe-task-definition',
    'fargate-web.register.yaml': 'register-task-definition',
    'fargate-web.tfstate.json': 'terraform-state',
    'bridge-worker.cfn.json': 'cloudformation',
  }
  for (const [file, format] of Object.entries(formats)) {
    const parameters = { 'AWS::AccountId': '210987654321' }
    const options = format === 'cloudformation' ? { parameters, region: 'eu-west-1' } : {}
    t.equal(parseTaskDefinitionInput(fixtureText(file), file, options).format, format, file)
  }
})

t.test('--family, --task-role-arn, --execution-role-arn and --network-mode override every format', async (t) => {
  const options = {
    family: 'other',
    taskRoleArn: 'arn:aws:iam::111122223333:role/other-task',
    executionRoleArn: 'arn:aws:iam::111122223333:role/other-exec',
    networkMode: 'bridge',
  }
  for (const file of ['fargate-web.register.json', 'fargate-web.describe.json', 'fargate-web.tfstate.json']) {
    const out = normalised(file, options)
    t.strictSame([out.family, out.taskRoleArn, out.executionRoleArn, out.networkMode], Object.values(options), file)
  }
})
