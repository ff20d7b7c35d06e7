import t from 'tap'
import {
  LABELS,
  accountOf,
  containerArn,
  containerLabels,
  dockerName,
  newTaskId,
  taskArn,
} from '../../src/agent/naming.js'

t.test(dockerName.name, async (t) => {
  const n = dockerName('web-app', 3, 'nginx_1')
  t.match(n, /^ecs-web-app-3-nginx_1-[0-9a-f]{20}$/)
  t.not(dockerName('web', 1, 'a'), dockerName('web', 1, 'a'), 'random suffix')
})

t.test(newTaskId.name, async (t) => {
  t.match(newTaskId(), /^[0-9a-f]{32}$/)
  t.not(newTaskId(), newTaskId())
})

t.test(taskArn.name, async (t) => {
  t.equal(taskArn('eu-west-1', '123456789012', 'default', 'abc'), 'arn:aws:ecs:eu-west-1:123456789012:task/default/abc')
})

t.test(containerArn.name, async (t) => {
  t.equal(
    containerArn('eu-west-1', '123456789012', 'default', 'abc', '0f1e2d3c-4b5a-4678-9abc-def012345678'),
    'arn:aws:ecs:eu-west-1:123456789012:container/default/abc/0f1e2d3c-4b5a-4678-9abc-def012345678',
  )
})

t.test(accountOf.name, async (t) => {
  const role = 'arn:aws:iam::210987654321:role/r'
  t.equal(accountOf([role, undefined], '000000000000'), '210987654321', 'first role')
  t.equal(accountOf([undefined, role], '000000000000'), '210987654321', 'second role when no first')
  t.equal(accountOf(['arn:aws:iam::111111111111:role/a', role], '0'), '111111111111', 'first wins')
  t.equal(accountOf([undefined, undefined], '000000000000'), '000000000000', 'fallback')
  t.equal(accountOf(['not-an-arn', 'arn:aws:iam::12:role/x'], '000000000000'), '000000000000', 'bad accounts skipped')
})

t.test(containerLabels.name, async (t) => {
  const task = { arn: 'arn:aws:ecs:r:1:task/c/id', family: 'web', revision: 4, cluster: 'c' }
  const own = { app: 'orders', [LABELS.cluster]: 'spoofed' }
  const labels = containerLabels(task, 'nginx', own)
  t.same(labels, {
    app: 'orders',
    'com.amazonaws.ecs.task-arn': task.arn,
    'com.amazonaws.ecs.container-name': 'nginx',
    'com.amazonaws.ecs.task-definition-family': 'web',
    'com.amazonaws.ecs.task-definition-version': '4',
    'com.amazonaws.ecs.cluster': 'c',
    'ecs-local': 'true',
  })
  const { app: _app, ...agentOnly } = labels
  t.same(containerLabels(task, 'nginx'), agentOnly, 'dockerLabels optional')
})
