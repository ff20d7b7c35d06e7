import t from 'tap'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { newTaskRecord } from '../../src/agent/taskRecord.js'

// The record fields TMDE serves that are fixed when the task is made: container ARNs, log options as the agent
// hands them on, and the task's tags.

const settings = { region: 'eu-west-1', defaultAccount: '000000000000', cluster: 'prod' }
const def = (over: Partial<TaskDefinition> = {}): TaskDefinition => ({
  family: 'web',
  networkMode: 'awsvpc',
  taskRoleArn: 'arn:aws:iam::123456789012:role/app',
  containerDefinitions: [{ name: 'app', image: 'nginx' }],
  ...over,
})

t.test(`${newTaskRecord.name}: container ARNs in ECS's long format; none for the pause container`, async (t) => {
  const r = newTaskRecord(def(), settings)
  const arn = r.containers[0]?.arn as string
  t.match(arn, new RegExp(`^arn:aws:ecs:eu-west-1:123456789012:container/prod/${r.id}/[0-9a-f-]{36}$`))
  t.not(newTaskRecord(def(), settings).containers[0]?.arn, arn, 'one per container')
  t.equal(r.pause?.arn, undefined)
})

t.test(`${newTaskRecord.name}: awslogs LogOptions carry the computed stream, not the prefix`, async (t) => {
  const logConfiguration = {
    logDriver: 'awslogs' as const,
    options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'ecs' },
  }
  const r = newTaskRecord(def({ containerDefinitions: [{ name: 'app', image: 'nginx', logConfiguration }] }), settings)
  t.strictSame(r.containers[0]?.logOptions, {
    'awslogs-group': '/ecs/web',
    'awslogs-region': 'eu-west-1',
    'awslogs-stream': `ecs/app/${r.id}`,
  })
  const other = { logDriver: 'json-file' as const, options: { 'max-size': '1m' } }
  const j = newTaskRecord(
    def({ containerDefinitions: [{ name: 'app', image: 'n', logConfiguration: other }] }),
    settings,
  )
  t.strictSame(j.containers[0]?.logOptions, { 'max-size': '1m' }, 'other drivers: as given')
  t.equal(newTaskRecord(def(), settings).containers[0]?.logOptions, undefined)
})

t.test(`${newTaskRecord.name}: tags from RegisterTaskDefinition input`, async (t) => {
  const tagged = { ...def(), tags: [{ key: 'team', value: 'orders' }, { key: 'empty' }, { value: 'no key' }] }
  t.strictSame(newTaskRecord(tagged, settings).tags, { team: 'orders', empty: '' })
  t.strictSame(newTaskRecord(def(), settings).tags, {})
})
