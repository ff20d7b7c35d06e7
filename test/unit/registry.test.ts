import t from 'tap'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import type { RoleCredentials } from '../../src/model/credentials.js'
import { TaskRegistry } from '../../src/agent/registry.js'
import { newTaskRecord } from '../../src/agent/taskRecord.js'

const settings = { region: 'eu-west-1', defaultAccount: '000000000000', cluster: 'default' }
const def: TaskDefinition = {
  family: 'web',
  networkMode: 'awsvpc',
  taskRoleArn: 'arn:aws:iam::123456789012:role/task',
  containerDefinitions: [{ name: 'app', image: 'nginx', essential: true }],
}
const creds: RoleCredentials = {
  roleArn: 'arn:aws:iam::123456789012:role/task',
  accessKeyId: 'ASIA',
  secretAccessKey: 's',
  sessionToken: 't',
  expiration: new Date(0),
}
const setup = () => {
  const registry = new TaskRegistry()
  const task = newTaskRecord(def, settings)
  registry.add(task)
  return { registry, task, id: task.credentialsId as string }
}

t.test(`${TaskRegistry.name}: add, get, list`, async (t) => {
  const { registry, task } = setup()
  t.equal(registry.get(task.arn), task)
  t.same(registry.list(), [task])
  t.equal(registry.get('arn:nope'), undefined)
})

t.test(`${TaskRegistry.name}.bindAddress`, async (t) => {
  const { registry, task } = setup()
  registry.bindAddress(task.arn, '169.254.170.40')
  t.equal(registry.taskByAddress('169.254.170.40'), task)
  t.equal(registry.taskByAddress('::ffff:169.254.170.40'), task, 'IPv4-mapped form of a dual-stack socket')
  registry.bindAddress(task.arn, '::ffff:169.254.170.41')
  t.equal(registry.taskByAddress('169.254.170.41'), task, 'bound in the mapped form, found in the plain one')
  t.equal(registry.taskByAddress('169.254.170.42'), undefined, 'unbound address')
})

t.test(`${TaskRegistry.name}: credentials only for known ids`, async (t) => {
  const { registry, task, id } = setup()
  t.equal(registry.taskByCredentialsId(id), task)
  t.equal(registry.credentials(id), undefined, 'not ready yet')
  registry.setCredentials(id, creds)
  t.equal(registry.credentials(id), creds)
  registry.setCredentials('unknown', creds)
  t.equal(registry.credentials('unknown'), undefined, 'unknown id ignored')
  t.equal(registry.taskByCredentialsId('unknown'), undefined)
})

t.test(`${TaskRegistry.name}.containerByEndpointId`, async (t) => {
  const { registry, task } = setup()
  const app = task.containers[0]
  t.same(registry.containerByEndpointId(app?.endpointId ?? ''), { task, container: app })
  t.equal(registry.containerByEndpointId(task.pause?.endpointId ?? '')?.container, task.pause, 'the pause container')
  t.equal(registry.containerByEndpointId('nope'), undefined)
})

t.test(`${TaskRegistry.name}.remove revokes id, addresses and endpoint ids`, async (t) => {
  const { registry, task, id } = setup()
  const other = newTaskRecord(def, settings)
  registry.add(other)
  registry.setCredentials(id, creds)
  registry.bindAddress(task.arn, '169.254.170.40')
  registry.bindAddress(other.arn, '169.254.170.50')
  registry.remove(task.arn)
  t.equal(registry.get(task.arn), undefined)
  t.equal(registry.taskByCredentialsId(id), undefined, 'credentials id revoked')
  t.equal(registry.credentials(id), undefined, 'credentials dropped')
  registry.setCredentials(id, creds)
  t.equal(registry.credentials(id), undefined, 'a late renewal is not stored')
  t.equal(registry.taskByAddress('169.254.170.40'), undefined, 'address unbound')
  t.equal(registry.containerByEndpointId(task.containers[0]?.endpointId ?? ''), undefined, 'endpoint id revoked')
  t.equal(registry.containerByEndpointId(task.pause?.endpointId ?? ''), undefined, 'pause endpoint id revoked')
  t.equal(registry.taskByAddress('169.254.170.50'), other, 'other tasks untouched')
  t.equal(registry.taskByCredentialsId(other.credentialsId ?? ''), other)
  t.doesNotThrow(() => registry.remove(task.arn), 'idempotent')
})

t.test(`${TaskRegistry.name}: a reused address belongs to its new task`, async (t) => {
  const { registry, task } = setup()
  const next = newTaskRecord(def, settings)
  registry.add(next)
  registry.bindAddress(task.arn, '169.254.170.40')
  registry.bindAddress(next.arn, '169.254.170.40')
  registry.remove(task.arn)
  t.equal(registry.taskByAddress('169.254.170.40'), next)
})
