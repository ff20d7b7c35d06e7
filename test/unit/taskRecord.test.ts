import t from 'tap'
import type { TaskDefinition } from '@aws-sdk/client-ecs'
import { roleSessionName } from '../../src/aws/sessionName.js'
import { newTaskRecord } from '../../src/agent/taskRecord.js'

const settings = { region: 'eu-west-1', defaultAccount: '000000000000', cluster: 'default' }
const def = (over: Partial<TaskDefinition> = {}): TaskDefinition => ({
  family: 'web',
  revision: 2,
  networkMode: 'awsvpc',
  containerDefinitions: [
    { name: 'app', image: 'nginx', essential: true, cpu: 128, memory: 256, dockerLabels: { team: 'a' } },
    { name: 'sidecar', image: 'busybox', essential: false },
  ],
  ...over,
})

t.test(`${newTaskRecord.name}: a FARGATE task (awsvpc) with a CNI_PAUSE record`, async (t) => {
  const r = newTaskRecord(def({ requiresCompatibilities: ['FARGATE'] }), settings)
  t.equal(r.launchType, 'FARGATE')
  t.equal(r.networkMode, 'awsvpc')
  t.equal(r.pause?.type, 'CNI_PAUSE')
  t.equal(r.pause?.name, '~internal~ecs~pause')
  t.match(r.pause?.dockerName, /^ecs-web-2-internalecspause-[0-9a-f]{20}$/, 'no ~ in the Docker name')
  t.equal(r.pause?.essential, false)
  t.equal(r.pause?.steadyStatus, 'RESOURCES_PROVISIONED', 'the agent’s pause steady state')
  t.equal(r.pause?.desiredStatus, 'RESOURCES_PROVISIONED')
  t.same(
    r.containers.map((c) => c.type),
    ['NORMAL', 'NORMAL'],
  )
})

t.test(`${newTaskRecord.name}: launch type from requiresCompatibilities or RunTask's launchType`, async (t) => {
  t.equal(newTaskRecord(def(), settings).launchType, 'EC2', 'awsvpc without FARGATE compatibility is an EC2 task')
  t.ok(newTaskRecord(def(), settings).pause, 'with its pause container')
  const both = def({ requiresCompatibilities: ['EC2', 'FARGATE'] })
  t.equal(newTaskRecord(both, settings).launchType, 'FARGATE')
  t.equal(newTaskRecord(both, settings, { launchType: 'EC2' }).launchType, 'EC2')
  // ECS registers a definition without networkMode as bridge (validation fills it in).
  const bare = newTaskRecord(def({ networkMode: undefined }), settings)
  t.equal(bare.networkMode, 'bridge')
  t.equal(bare.launchType, 'EC2')
  t.equal(bare.pause, undefined)
})

t.test(`${newTaskRecord.name}: bridge is EC2 without a pause record`, async (t) => {
  const r = newTaskRecord(def({ networkMode: 'bridge' }), settings)
  t.equal(r.launchType, 'EC2')
  t.equal(r.pause, undefined)
})

t.test(`${newTaskRecord.name}: credentialsId only with a task role`, async (t) => {
  t.equal(newTaskRecord(def(), settings).credentialsId, undefined)
  const exec = 'arn:aws:iam::123456789012:role/exec'
  t.equal(newTaskRecord(def({ executionRoleArn: exec }), settings).credentialsId, undefined, 'not for exec role')
  const a = newTaskRecord(def({ taskRoleArn: 'arn:aws:iam::123456789012:role/task' }), settings)
  const b = newTaskRecord(def({ taskRoleArn: 'arn:aws:iam::123456789012:role/task' }), settings)
  t.type(a.credentialsId, 'string')
  t.not(a.credentialsId, b.credentialsId, 'one per task')
})

t.test(`${newTaskRecord.name}: unique endpoint ids`, async (t) => {
  const a = newTaskRecord(def(), settings)
  const b = newTaskRecord(def(), settings)
  const ids = [a, b].flatMap((r) => [...r.containers, r.pause].map((c) => c?.endpointId))
  t.equal(new Set(ids).size, 6)
})

t.test(`${newTaskRecord.name}: limits parsed from string cpu/memory`, async (t) => {
  const r = newTaskRecord(def({ cpu: '512', memory: '1024' }), settings)
  t.same(r.limits, { cpu: 512, memory: 1024 })
  t.same(newTaskRecord(def(), settings).limits, { cpu: undefined, memory: undefined }, 'absent')
  t.same(r.containers[0]?.limits, { cpu: 128, memory: 256 }, 'container limits')
})

t.test(`${newTaskRecord.name}: ARN, account, ids and names`, async (t) => {
  const r = newTaskRecord(def({ executionRoleArn: 'arn:aws:iam::123456789012:role/exec' }), settings)
  t.match(r.id, /^[0-9a-f]{32}$/)
  t.equal(r.arn, `arn:aws:ecs:eu-west-1:123456789012:task/default/${r.id}`, 'account of the roles')
  t.equal(newTaskRecord(def(), settings).arn.split(':')[4], '000000000000', 'default account')
  t.equal(r.availabilityZone, 'eu-west-1a')
  t.equal(r.desiredStatus, 'RUNNING')
  t.equal(r.knownStatus, 'NONE')
  const app = r.containers[0]
  t.equal(app?.knownStatus, 'NONE')
  t.equal(app?.steadyStatus, 'RUNNING')
  t.equal(app?.desiredStatus, 'RUNNING')
  t.match(app?.dockerName, /^ecs-web-2-app-[0-9a-f]{20}$/)
  t.equal(app?.labels['com.amazonaws.ecs.task-arn'], r.arn)
  t.equal(app?.labels.team, 'a', 'dockerLabels kept')
  t.same(
    r.containers.map((c) => c.essential),
    [true, false],
  )
})

t.test(roleSessionName.name, async (t) => {
  t.equal(roleSessionName('0123456789abcdef0123456789abcdef'), 'ecs-local-0123456789abcdef0123456789abcdef')
  t.equal(roleSessionName('x'.repeat(100)).length, 64)
  t.match(roleSessionName('a/b c'), /^[\w+=,.@-]+$/)
})

t.test(`${newTaskRecord.name}: limits parsed from the vCPU / GB forms ECS also accepts`, async (t) => {
  const { limits } = newTaskRecord(def({ cpu: '1 vCPU', memory: '2 GB' }), settings)
  t.same(limits, { cpu: 1024, memory: 2048 }, '1 vCPU, 2 GB')
})
