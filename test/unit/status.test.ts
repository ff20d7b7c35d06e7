import t from 'tap'
import {
  apiContainerStatus,
  apiTaskStatus,
  mapContainerToTaskStatus,
  nextTaskStatus,
  type ContainerStatusView,
} from '../../src/agent/status.js'
import { CONTAINER_STATUSES, TASK_STATUSES, type ContainerStatus, type TaskStatus } from '../../src/model/status.js'

// Expected values from aws/amazon-ecs-agent: ecs-agent/api/container/status/containerstatus.go and
// ecs-agent/api/task/status/taskstatus.go (String() names, in iota order), statusmapping.go
// (MapContainerToTaskStatus), agent/api/task/task.go (updateTaskKnownStatus), and BackendStatus.

t.test('status names and their order are the agent’s', async (t) => {
  t.strictSame(CONTAINER_STATUSES, [
    'NONE',
    'MANIFEST_PULLED',
    'PULLED',
    'CREATED',
    'RUNNING',
    'RESOURCES_PROVISIONED',
    'STOPPED',
  ])
  t.strictSame(TASK_STATUSES, ['NONE', 'MANIFEST_PULLED', 'CREATED', 'RUNNING', 'STOPPED'])
})

t.test(`${mapContainerToTaskStatus.name}: container known status (and steady state) -> task status`, async (t) => {
  const table: Array<[ContainerStatus, ContainerStatus, TaskStatus]> = [
    ['NONE', 'RUNNING', 'NONE'],
    ['MANIFEST_PULLED', 'RUNNING', 'MANIFEST_PULLED'],
    ['PULLED', 'RUNNING', 'MANIFEST_PULLED'],
    ['CREATED', 'RUNNING', 'CREATED'],
    ['RUNNING', 'RUNNING', 'RUNNING'],
    ['STOPPED', 'RUNNING', 'STOPPED'],
    // The pause container: running is not yet its steady state.
    ['NONE', 'RESOURCES_PROVISIONED', 'NONE'],
    ['PULLED', 'RESOURCES_PROVISIONED', 'MANIFEST_PULLED'],
    ['CREATED', 'RESOURCES_PROVISIONED', 'CREATED'],
    ['RUNNING', 'RESOURCES_PROVISIONED', 'CREATED'],
    ['RESOURCES_PROVISIONED', 'RESOURCES_PROVISIONED', 'RUNNING'],
    ['STOPPED', 'RESOURCES_PROVISIONED', 'STOPPED'],
  ]
  for (const [known, steady, want] of table) {
    t.equal(mapContainerToTaskStatus(known, steady), want, `${known} (steady ${steady}) -> ${want}`)
  }
})

const app = (known: ContainerStatus, essential = true): ContainerStatusView => ({ known, steady: 'RUNNING', essential })
const pause = (known: ContainerStatus): ContainerStatusView => ({
  known,
  steady: 'RESOURCES_PROVISIONED',
  essential: false,
})

t.test(`${nextTaskStatus.name}: the earliest of the containers' task statuses`, async (t) => {
  const table: Array<[string, TaskStatus, ContainerStatusView[], TaskStatus]> = [
    ['all new', 'NONE', [app('NONE'), app('NONE')], 'NONE'],
    ['one pulled, one not', 'NONE', [app('PULLED'), app('NONE')], 'NONE'],
    ['all pulled', 'NONE', [app('PULLED'), app('MANIFEST_PULLED')], 'MANIFEST_PULLED'],
    ['one created, one pulled', 'MANIFEST_PULLED', [app('CREATED'), app('PULLED')], 'MANIFEST_PULLED'],
    ['all created', 'MANIFEST_PULLED', [app('CREATED'), app('CREATED')], 'CREATED'],
    ['one running, one created', 'CREATED', [app('RUNNING'), app('CREATED')], 'CREATED'],
    ['all running', 'CREATED', [app('RUNNING'), app('RUNNING')], 'RUNNING'],
    ['pause running, not provisioned', 'CREATED', [pause('RUNNING'), app('RUNNING')], 'CREATED'],
    ['pause provisioned', 'CREATED', [pause('RESOURCES_PROVISIONED'), app('RUNNING')], 'RUNNING'],
    ['init container done, app running', 'CREATED', [app('STOPPED', false), app('RUNNING')], 'RUNNING'],
    ['init done, app not started', 'MANIFEST_PULLED', [app('STOPPED', false), app('CREATED')], 'CREATED'],
    ['all stopped', 'RUNNING', [app('STOPPED'), app('STOPPED')], 'STOPPED'],
    ['pause and app stopped', 'RUNNING', [pause('STOPPED'), app('STOPPED')], 'STOPPED'],
    // An essential container stopped while the earliest is in its steady state: no change until all stop.
    ['essential stopped, sidecar running', 'RUNNING', [app('STOPPED'), app('RUNNING', false)], 'RUNNING'],
    ['essential stopped, pause provisioned', 'RUNNING', [pause('RESOURCES_PROVISIONED'), app('STOPPED')], 'RUNNING'],
    // Known status never moves back.
    ['never backwards', 'RUNNING', [app('CREATED'), app('RUNNING')], 'RUNNING'],
    ['no containers', 'CREATED', [], 'CREATED'],
  ]
  for (const [what, current, containers, want] of table) {
    t.equal(nextTaskStatus(current, containers), want, `${what}: ${current} -> ${want}`)
  }
})

t.test(`${apiTaskStatus.name}: BackendStatus, STOPPING while a stop is under way`, async (t) => {
  const table: Array<[TaskStatus, TaskStatus, boolean, string]> = [
    ['NONE', 'RUNNING', false, 'PENDING'],
    ['MANIFEST_PULLED', 'RUNNING', false, 'PENDING'],
    ['CREATED', 'RUNNING', false, 'PENDING'],
    ['CREATED', 'STOPPED', false, 'PENDING'],
    ['RUNNING', 'RUNNING', false, 'RUNNING'],
    ['RUNNING', 'STOPPED', false, 'STOPPING'],
    ['STOPPED', 'STOPPED', false, 'STOPPING'],
    ['STOPPED', 'STOPPED', true, 'STOPPED'],
    ['CREATED', 'STOPPED', true, 'STOPPED'],
  ]
  for (const [known, desired, finished, want] of table) {
    t.equal(apiTaskStatus(known, desired, finished), want, `${known}/${desired}${finished ? ' (gone)' : ''}`)
  }
})

t.test(`${apiContainerStatus.name}: the agent's container BackendStatus`, async (t) => {
  t.equal(apiContainerStatus('RUNNING', 'RUNNING'), 'RUNNING')
  t.equal(apiContainerStatus('RUNNING', 'RESOURCES_PROVISIONED'), 'PENDING')
  t.equal(apiContainerStatus('RESOURCES_PROVISIONED', 'RESOURCES_PROVISIONED'), 'RUNNING')
  t.equal(apiContainerStatus('STOPPED', 'RUNNING'), 'STOPPED')
  for (const s of ['NONE', 'MANIFEST_PULLED', 'PULLED', 'CREATED'] as const) {
    t.equal(apiContainerStatus(s, 'RUNNING'), 'PENDING', s)
  }
})
