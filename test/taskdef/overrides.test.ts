import type { TaskDefinition } from '@aws-sdk/client-ecs'
import t from 'tap'
import {
  applyOverrides,
  defaultGroup,
  launchTypeOf,
  validateOverrides,
  validateRunInputs,
  withEnvironment,
} from '../../src/taskdef/overrides.js'

const def: TaskDefinition = {
  family: 'web',
  cpu: '256',
  memory: '512',
  taskRoleArn: 'arn:aws:iam::111122223333:role/web-task',
  containerDefinitions: [
    {
      name: 'app',
      image: 'app:1',
      command: ['serve'],
      cpu: 128,
      memory: 256,
      environment: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      resourceRequirements: [{ type: 'GPU', value: '1' }],
    },
    { name: 'side', image: 'side:1', environment: [{ name: 'S', value: 's' }] },
  ],
}

t.test('a container override: command replaces, environment merges by name with the override winning', async (t) => {
  const out = applyOverrides(def, {
    containerOverrides: [
      {
        name: 'app',
        command: ['migrate', '--up'],
        environment: [
          { name: 'B', value: 'two' },
          { name: 'C', value: '3' },
        ],
        cpu: 512,
        memory: 1024,
        memoryReservation: 300,
      },
    ],
  })
  const app = out.containerDefinitions?.[0]
  t.strictSame(app?.command, ['migrate', '--up'])
  t.strictSame(app?.environment, [
    { name: 'A', value: '1' },
    { name: 'B', value: 'two' },
    { name: 'C', value: '3' },
  ])
  t.equal(app?.cpu, 512)
  t.equal(app?.memory, 1024)
  t.equal(app?.memoryReservation, 300)
  t.strictSame(out.containerDefinitions?.[1], def.containerDefinitions?.[1], 'a container not named is unchanged')
  t.strictSame(def.containerDefinitions?.[0]?.command, ['serve'], 'the input definition is not changed')
})

t.test('environmentFiles replace, resourceRequirements replace by type', async (t) => {
  const withFiles: TaskDefinition = {
    ...def,
    containerDefinitions: [
      { ...def.containerDefinitions![0]!, environmentFiles: [{ value: 'arn:aws:s3:::b/old.env', type: 's3' }] },
    ],
  }
  const out = applyOverrides(withFiles, {
    containerOverrides: [
      {
        name: 'app',
        environmentFiles: [{ value: 'arn:aws:s3:::b/new.env', type: 's3' }],
        resourceRequirements: [{ type: 'GPU', value: '2' }],
      },
    ],
  })
  t.strictSame(out.containerDefinitions?.[0]?.environmentFiles, [{ value: 'arn:aws:s3:::b/new.env', type: 's3' }])
  t.strictSame(out.containerDefinitions?.[0]?.resourceRequirements, [{ type: 'GPU', value: '2' }])
})

t.test('task-level members replace the definition’s: cpu, memory, roles, ephemeralStorage', async (t) => {
  const out = applyOverrides(def, {
    cpu: '1024',
    memory: '2048',
    taskRoleArn: 'arn:aws:iam::111122223333:role/other',
    executionRoleArn: 'arn:aws:iam::111122223333:role/exec',
    ephemeralStorage: { sizeInGiB: 30 },
  })
  t.match(out, {
    cpu: '1024',
    memory: '2048',
    taskRoleArn: 'arn:aws:iam::111122223333:role/other',
    executionRoleArn: 'arn:aws:iam::111122223333:role/exec',
    ephemeralStorage: { sizeInGiB: 30 },
  })
  t.equal(applyOverrides(def, undefined), def, 'no overrides: the definition itself')
  t.strictSame(applyOverrides(def, { containerOverrides: [{}] }), def, 'the empty container override ECS accepts')
})

t.test('an override naming no container of the definition is an error naming it and the containers', async (t) => {
  t.throws(() => applyOverrides(def, { containerOverrides: [{ name: 'app' }, { name: 'worker', command: ['x'] }] }), {
    code: 'ECSL_ERR_OVERRIDES_INVALID',
    message: /overrides\.containerOverrides\[1\]\.name: no container worker in the task definition \(app, side\)/,
  })
})

t.test('validation names the field of every bad member', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    ['x', /overrides must be a JSON object/],
    [{ containerOverride: [] }, /overrides\.containerOverride is not a member of TaskOverride/],
    [{ containerOverrides: {} }, /overrides\.containerOverrides must be an array/],
    [{ containerOverrides: [{ command: ['x'] }] }, /overrides\.containerOverrides\[0\]\.name is required/],
    [{ containerOverrides: [{ name: 'app', commands: [] }] }, /containerOverrides\[0\]\.commands is not a member/],
    [{ containerOverrides: [{ name: 'app', command: 'ls' }] }, /containerOverrides\[0\]\.command must be an array/],
    [
      { containerOverrides: [{ name: 'app', environment: [{ name: 'A', value: 1 }] }] },
      /containerOverrides\[0\]\.environment\[0\] must be \{"name": string, "value": string\}/,
    ],
    [{ containerOverrides: [{ name: 'app', memory: 0 }] }, /containerOverrides\[0\]\.memory must be a whole number/],
    [{ containerOverrides: [{ name: 'app', cpu: 1.5 }] }, /containerOverrides\[0\]\.cpu must be a whole number/],
    [
      { containerOverrides: [{ name: 'app', environmentFiles: [{ value: 'x', type: 'http' }] }] },
      /containerOverrides\[0\]\.environmentFiles\[0\] must be/,
    ],
    [
      { containerOverrides: [{ name: 'app', resourceRequirements: [{ type: 'TPU', value: '1' }] }] },
      /containerOverrides\[0\]\.resourceRequirements\[0\] must be/,
    ],
    [
      { containerOverrides: [{ name: 'a' }, { name: 'a' }] },
      /containerOverrides\[1\]\.name: container a is overridden twice/,
    ],
    [{ cpu: 256 }, /overrides\.cpu must be a string/],
    [{ taskRoleArn: 'web-task' }, /overrides\.taskRoleArn must be an IAM role ARN/],
    [{ ephemeralStorage: { sizeInGiB: 10 } }, /overrides\.ephemeralStorage\.sizeInGiB must be a whole number from 21/],
    [{ inferenceAcceleratorOverrides: [{ deviceName: 'd' }] }, /inferenceAcceleratorOverrides: .*not supported/],
  ]
  for (const [doc, message] of cases) {
    t.throws(() => validateOverrides(doc), { code: 'ECSL_ERR_OVERRIDES_INVALID', message }, JSON.stringify(doc))
  }
  t.doesNotThrow(() => validateOverrides({ containerOverrides: [{}], cpu: '512', ephemeralStorage: { sizeInGiB: 21 } }))
})

t.test('startedBy, group and tags are checked as RunTask checks them', async (t) => {
  const cases: Array<[Parameters<typeof validateRunInputs>[0], RegExp]> = [
    [{ startedBy: 'has space' }, /startedBy must be 1 to 128 letters/],
    [{ startedBy: 'x'.repeat(129) }, /startedBy/],
    [{ group: '' }, /group must be a string of 1 to 255/],
    [{ tags: [{ key: '' }] }, /tags\[0\]\.key must be a string of 1 to 128/],
    [{ tags: [{ key: 'a', value: 'v'.repeat(257) }] }, /tags\[0\]\.value must be a string of at most 256/],
    [{ tags: [{ key: 'ok' }, { key: 'AWS:x' }] }, /tags\[1\]\.key AWS:x: the aws: prefix is reserved/],
    [{ tags: [{ key: 'a' }, { key: 'a' }] }, /tags\[1\]\.key a is given twice/],
    [{ tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}` })) }, /at most 50 tags/],
    [{ overrides: { cpu: 1 } as never }, /overrides\.cpu/],
  ]
  for (const [inputs, message] of cases) {
    t.throws(() => validateRunInputs(inputs), { code: 'ECSL_ERR_OVERRIDES_INVALID', message }, message.source)
  }
  t.doesNotThrow(() =>
    validateRunInputs({ startedBy: 'ci/job_42-a', group: 'batch', tags: [{ key: 'team', value: '' }] }),
  )
})

t.test('--env becomes an environment override of every container, winning over --overrides', async (t) => {
  const ov = withEnvironment(
    def,
    {
      containerOverrides: [
        {
          name: 'app',
          command: ['x'],
          environment: [
            { name: 'LOG', value: 'from-overrides' },
            { name: 'K', value: 'k' },
          ],
        },
      ],
    },
    [{ name: 'LOG', value: 'debug' }],
  )
  t.strictSame(ov?.containerOverrides, [
    {
      name: 'app',
      command: ['x'],
      environment: [
        { name: 'LOG', value: 'debug' },
        { name: 'K', value: 'k' },
      ],
    },
    { name: 'side', environment: [{ name: 'LOG', value: 'debug' }] },
  ])
  const out = applyOverrides(def, ov)
  t.strictSame(out.containerDefinitions?.[1]?.environment, [
    { name: 'S', value: 's' },
    { name: 'LOG', value: 'debug' },
  ])
  t.equal(withEnvironment(def, undefined, []), undefined, 'no --env: overrides unchanged')
  t.equal(defaultGroup(def), 'family:web')
})

t.test(`${launchTypeOf.name}: RunTask's launch type from the flag or requiresCompatibilities`, async (t) => {
  const fargate: TaskDefinition = { ...def, networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'] }
  const bridge: TaskDefinition = { ...def, networkMode: 'bridge' }
  t.equal(launchTypeOf(fargate), 'FARGATE')
  t.equal(launchTypeOf(bridge), 'EC2')
  t.equal(launchTypeOf({ ...fargate, requiresCompatibilities: ['EC2', 'FARGATE'] }), 'FARGATE')
  t.equal(launchTypeOf(fargate, 'EC2'), 'EC2', 'a Fargate definition runs on EC2 when asked')
  t.throws(() => launchTypeOf(bridge, 'FARGATE'), {
    code: 'ECSL_ERR_OVERRIDES_INVALID',
    message:
      /launchType FARGATE: the task definition does not support it \(requiresCompatibilities \[\] does not list FARGATE\)/,
  })
  t.throws(() => launchTypeOf({ ...bridge, requiresCompatibilities: ['EC2', 'FARGATE'] }, 'FARGATE'), {
    message: /launchType FARGATE needs networkMode awsvpc, not bridge/,
  })
  t.throws(() => validateRunInputs({ launchType: 'EXTERNAL' as 'EC2' }), {
    code: 'ECSL_ERR_OVERRIDES_INVALID',
    message: /launchType must be EC2 or FARGATE locally \(got "EXTERNAL"\)/,
  })
})
