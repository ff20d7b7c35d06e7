import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import {
  loadTaskDefinition,
  parseTaskDefinition,
  unwrapTaskDefinition,
  validateTaskDefinition,
} from '../../src/taskdef/index.js'

const fixture = new URL('./fixtures/cdk-task-definition.json', import.meta.url)

const minimal = () => ({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx:1.27' }] })
const withContainer = (c: Record<string, unknown>) => ({
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'nginx:1.27', ...c }],
})
const invalid = (message: RegExp) => ({ code: 'ECSL_ERR_TASKDEF_INVALID', message })

t.test(`${validateTaskDefinition.name}: errors name the field`, async (t) => {
  t.test('document not an object', async (t) => {
    t.throws(() => validateTaskDefinition([]), invalid(/JSON object/))
    t.throws(() => validateTaskDefinition(null), invalid(/JSON object/))
  })
  t.test('family', async (t) => {
    const { containerDefinitions } = minimal()
    t.throws(() => validateTaskDefinition({ containerDefinitions }), invalid(/family is required/))
    t.throws(() => validateTaskDefinition({ family: 'a b', containerDefinitions }), invalid(/family/))
    t.throws(() => validateTaskDefinition({ family: 'x'.repeat(256), containerDefinitions }), invalid(/family/))
  })
  t.test('containerDefinitions', async (t) => {
    t.throws(() => validateTaskDefinition({ family: 'web' }), invalid(/containerDefinitions is required/))
    t.throws(
      () => validateTaskDefinition({ family: 'web', containerDefinitions: [] }),
      invalid(/containerDefinitions .*non-empty array/),
    )
    t.throws(
      () => validateTaskDefinition({ family: 'web', containerDefinitions: ['app'] }),
      invalid(/containerDefinitions\[0\] must be an object/),
    )
  })
  t.test('containerDefinitions[i].name', async (t) => {
    t.throws(
      () => validateTaskDefinition(withContainer({ name: undefined })),
      invalid(/containerDefinitions\[0\]\.name/),
    )
    t.throws(() => validateTaskDefinition(withContainer({ name: 'a.b' })), invalid(/containerDefinitions\[0\]\.name/))
    const dup = {
      family: 'web',
      containerDefinitions: [minimal().containerDefinitions[0], { name: 'app', image: 'x' }],
    }
    t.throws(() => validateTaskDefinition(dup), invalid(/containerDefinitions\[1\] \(app\).*unique/))
  })
  t.test('containerDefinitions[i].image', async (t) => {
    t.throws(
      () => validateTaskDefinition(withContainer({ image: undefined })),
      invalid(/\[0\] \(app\)\.image is required/),
    )
    t.throws(() => validateTaskDefinition(withContainer({ image: '  ' })), invalid(/\[0\] \(app\)\.image is required/))
  })
  t.test('containerDefinitions[i].essential', async (t) => {
    t.throws(() => validateTaskDefinition(withContainer({ essential: 'yes' })), invalid(/\(app\)\.essential/))
  })
  t.test('containerDefinitions[i].command and entryPoint', async (t) => {
    t.throws(() => validateTaskDefinition(withContainer({ command: 'npm start' })), invalid(/\(app\)\.command/))
    t.throws(() => validateTaskDefinition(withContainer({ command: ['a', 1] })), invalid(/\(app\)\.command/))
    t.throws(() => validateTaskDefinition(withContainer({ entryPoint: 'sh' })), invalid(/\(app\)\.entryPoint/))
  })
  t.test('containerDefinitions[i].workingDirectory and user', async (t) => {
    t.throws(() => validateTaskDefinition(withContainer({ workingDirectory: 1 })), invalid(/\.workingDirectory/))
    t.throws(() => validateTaskDefinition(withContainer({ user: 0 })), invalid(/\.user must be a string/))
  })
  t.test('containerDefinitions[i].environment', async (t) => {
    t.throws(() => validateTaskDefinition(withContainer({ environment: { A: '1' } })), invalid(/\(app\)\.environment/))
    t.throws(
      () => validateTaskDefinition(withContainer({ environment: [{ name: 'A', value: 1 }] })),
      invalid(/\(app\)\.environment\[0\]/),
    )
    t.throws(
      () => validateTaskDefinition(withContainer({ environment: [{ name: '', value: 'x' }] })),
      invalid(/\(app\)\.environment\[0\]/),
    )
  })
  t.test('containerDefinitions[i].portMappings', async (t) => {
    t.throws(() => validateTaskDefinition(withContainer({ portMappings: 80 })), invalid(/\(app\)\.portMappings/))
    for (const containerPort of [0, 65536, 80.5, '80', undefined]) {
      t.throws(
        () => validateTaskDefinition(withContainer({ portMappings: [{ containerPort }] })),
        invalid(/\(app\)\.portMappings\[0\]\.containerPort .*1 and 65535/),
        `containerPort ${String(containerPort)}`,
      )
    }
  })
  t.test('networkMode lists the allowed values', async (t) => {
    t.throws(
      () => validateTaskDefinition({ ...minimal(), networkMode: 'overlay' }),
      invalid(/networkMode must be one of .*awsvpc.*bridge.*host.*none.*"overlay"/),
    )
  })
  for (const networkMode of ['host', 'none']) {
    t.test(`networkMode ${networkMode} is not supported yet`, async (t) => {
      t.throws(
        () => validateTaskDefinition({ ...minimal(), networkMode }),
        invalid(new RegExp(`networkMode ${networkMode} is not supported .*awsvpc or bridge`)),
      )
    })
  }
  for (const key of ['taskRoleArn', 'executionRoleArn']) {
    t.test(`${key} must be a role ARN`, async (t) => {
      for (const bad of ['my-role', 'arn:aws:iam::123:role/x', 'arn:aws:iam::123456789012:user/x', 42]) {
        t.throws(() => validateTaskDefinition({ ...minimal(), [key]: bad }), invalid(new RegExp(`^.*${key} must`)))
      }
      const ok = 'arn:aws:iam::123456789012:role/service-role/My.Role+x=y,z@w'
      t.equal(validateTaskDefinition({ ...minimal(), [key]: ok })[key as 'taskRoleArn'], ok)
      const gov = 'arn:aws-us-gov:iam::123456789012:role/r'
      t.equal(validateTaskDefinition({ ...minimal(), [key]: gov })[key as 'taskRoleArn'], gov, 'other partitions')
    })
  }
  t.test('revision', async (t) => {
    t.throws(() => validateTaskDefinition({ ...minimal(), revision: 0 }), invalid(/revision/))
    t.throws(() => validateTaskDefinition({ ...minimal(), revision: '3' }), invalid(/revision/))
  })
  t.test('revision must be an integer', async (t) => {
    t.throws(() => validateTaskDefinition({ ...minimal(), revision: 1.5 }), invalid(/revision/))
  })
  t.test('no essential container', async (t) => {
    t.throws(() => validateTaskDefinition(withContainer({ essential: false })), invalid(/at least one .*essential/))
  })
})

t.test(`${validateTaskDefinition.name}: defaults`, async (t) => {
  const def = validateTaskDefinition(minimal())
  t.equal(def.networkMode, 'bridge', "networkMode bridge, RegisterTaskDefinition's default")
  const fargate = validateTaskDefinition({ ...minimal(), networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'] })
  t.equal(fargate.networkMode, 'awsvpc')
  t.throws(
    () => validateTaskDefinition({ ...minimal(), requiresCompatibilities: ['FARGATE'] }),
    invalid(/networkMode must be awsvpc: requiresCompatibilities lists FARGATE/),
    'Fargate without networkMode is refused, as at registration',
  )
  t.throws(
    () => validateTaskDefinition({ ...minimal(), networkMode: 'bridge', requiresCompatibilities: ['FARGATE'] }),
    invalid(/only supports network mode awsvpc \(got "bridge"\)/),
  )
  t.throws(
    () => validateTaskDefinition({ ...minimal(), requiresCompatibilities: ['LAMBDA'] }),
    invalid(/requiresCompatibilities must be a list of EC2, EXTERNAL, FARGATE, MANAGED_INSTANCES/),
  )
  t.equal(def.revision, 1, 'revision 1')
  t.equal(def.containerDefinitions?.[0]?.essential, true, 'essential true')
  t.equal(validateTaskDefinition({ ...minimal(), revision: 4 }).revision, 4, 'a given revision kept')
  t.equal(validateTaskDefinition({ ...minimal(), networkMode: 'bridge' }).networkMode, 'bridge', 'bridge kept')
  const two = validateTaskDefinition({
    family: 'web',
    containerDefinitions: [
      { name: 'a', image: 'x', essential: false },
      { name: 'b', image: 'x' },
    ],
  })
  t.same(
    two.containerDefinitions?.map((c) => c.essential),
    [false, true],
    'an explicit false kept',
  )
})

t.test(`${validateTaskDefinition.name} does not mutate its input`, async (t) => {
  const doc = minimal()
  validateTaskDefinition(doc)
  t.same(doc, minimal())
})

t.test(unwrapTaskDefinition.name, async (t) => {
  const bare = minimal()
  t.equal(unwrapTaskDefinition({ taskDefinition: bare, tags: [] }), bare, 'describe-task-definition output')
  t.equal(unwrapTaskDefinition(bare), bare, 'RegisterTaskDefinition input as is')
  t.equal(unwrapTaskDefinition('x'), 'x', 'anything else as is')
})

t.test(`${parseTaskDefinition.name}: describe-task-definition output (CDK)`, async (t) => {
  const text = await readFile(fixture, 'utf8')
  const def = parseTaskDefinition(text, 'cdk.json')
  t.equal(def.family, 'OrdersServiceTaskDef8F1D2C7A')
  t.equal(def.revision, 7)
  t.equal(def.networkMode, 'awsvpc')
  t.same(
    def.containerDefinitions?.map((c) => [c.name, c.essential]),
    [
      ['web', true],
      ['migrate', false],
      ['log_router', true],
    ],
  )
  t.equal(def.containerDefinitions?.[0]?.secrets?.length, 2, 'secrets kept')
  t.equal(def.containerDefinitions?.[0]?.logConfiguration?.logDriver, 'awslogs', 'logConfiguration kept')
  t.equal(def.cpu, '512')
})

t.test(`${parseTaskDefinition.name}: RegisterTaskDefinition input (Terraform)`, async (t) => {
  const input = {
    family: 'billing-worker',
    networkMode: 'bridge',
    taskRoleArn: 'arn:aws:iam::210987654321:role/billing-worker-task',
    executionRoleArn: 'arn:aws:iam::210987654321:role/ecsTaskExecutionRole',
    requiresCompatibilities: ['EC2'],
    containerDefinitions: [
      {
        name: 'worker',
        image: 'ghcr.io/example/billing-worker:2.3.1',
        memory: 256,
        cpu: 128,
        essential: true,
        environment: [{ name: 'QUEUE_URL', value: 'https://sqs.us-east-2.amazonaws.com/210987654321/billing' }],
        portMappings: [{ containerPort: 9000, hostPort: 0, protocol: 'tcp' }],
        secrets: [{ name: 'STRIPE_KEY', valueFrom: '/billing/stripe-key' }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/billing' } },
        links: ['redis'],
      },
      { name: 'redis', image: 'redis:7-alpine', memory: 128, essential: false },
    ],
    volumes: [],
    tags: [{ key: 'team', value: 'billing' }],
  }
  const def = parseTaskDefinition(JSON.stringify(input), 'tf.json')
  t.equal(def.networkMode, 'bridge')
  t.equal(def.revision, 1)
  t.equal(def.containerDefinitions?.length, 2)
})

t.test(`${parseTaskDefinition.name}: bad JSON names the source`, async (t) => {
  t.throws(() => parseTaskDefinition('{"family":', 'x/task.json'), {
    code: 'ECSL_ERR_TASKDEF_JSON',
    message: /x\/task\.json is not valid JSON/,
  })
  try {
    parseTaskDefinition('{', '<stdin>')
  } catch (e) {
    t.type((e as Error).cause, SyntaxError, 'keeps the cause')
  }
})

t.test(`${loadTaskDefinition.name}`, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ecsl-taskdef-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  t.test('missing file', async (t) => {
    const path = join(dir, 'nope.json')
    await t.rejects(loadTaskDefinition(path), {
      code: 'ECSL_ERR_TASKDEF_FILE',
      message: new RegExp(`${path}: no such file`),
    })
  })
  t.test('reads and validates', async (t) => {
    const path = join(dir, 'task.json')
    await writeFile(path, JSON.stringify(minimal()))
    t.equal((await loadTaskDefinition(path)).family, 'web')
  })
})
