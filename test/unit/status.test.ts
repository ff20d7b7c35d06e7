import t from 'tap'
import { CONTAINER_STATUSES, TASK_STATUSES, type ContainerStatus, type TaskStatus } from '../../src/model/status.js'
import { isTerminal, taskStatusAtLeast, taskStatusFromContainers } from '../../src/agent/status.js'

t.test(taskStatusFromContainers.name, async (t) => {
  const table: Array<[ContainerStatus[], TaskStatus]> = [
    [[], 'PENDING'],
    [['PENDING'], 'PENDING'],
    [['PULLED'], 'PENDING'],
    [['CREATED'], 'PENDING'],
    [['RUNNING'], 'RUNNING'],
    [['STOPPED'], 'STOPPED'],
    [['RUNNING', 'RUNNING'], 'RUNNING'],
    [['RUNNING', 'CREATED'], 'PENDING'],
    [['PULLED', 'CREATED'], 'PENDING'],
    [['STOPPED', 'STOPPED'], 'STOPPED'],
  ]
  for (const [containers, want] of table) {
    t.equal(taskStatusFromContainers(containers), want, `[${containers.join(', ')}] -> ${want}`)
  }
})

t.test(isTerminal.name, async (t) => {
  for (const s of [...TASK_STATUSES, ...CONTAINER_STATUSES]) t.equal(isTerminal(s), s === 'STOPPED', s)
})

t.test(taskStatusAtLeast.name, async (t) => {
  t.ok(taskStatusAtLeast('RUNNING', 'RUNNING'), 'equal')
  t.ok(taskStatusAtLeast('STOPPED', 'RUNNING'), 'later')
  t.notOk(taskStatusAtLeast('PENDING', 'RUNNING'), 'earlier')
  t.ok(taskStatusAtLeast('STOPPING', 'PENDING'))
  t.notOk(taskStatusAtLeast('STOPPING', 'STOPPED'))
})

t.test('statuses are in lifecycle order', async (t) => {
  t.same(TASK_STATUSES, ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED'])
  t.same(CONTAINER_STATUSES, ['PENDING', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'])
})

t.test(`${taskStatusFromContainers.name}: earliest container status, as the agent computes it`, async (t) => {
  t.equal(taskStatusFromContainers(['STOPPED', 'RUNNING']), 'RUNNING', 'init container done, app running')
  t.equal(taskStatusFromContainers(['STOPPED', 'CREATED']), 'PENDING', 'init done, app not started')
})
