import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import t from 'tap'
import { checkDependency, dependenciesOf, startOrder } from '../../src/agent/dependencies.js'
import type { ContainerRecord } from '../../src/model/task.js'
import { validateTaskDefinition } from '../../src/taskdef/index.js'

const task = (containerDefinitions: Record<string, unknown>[]) => ({ family: 'web', containerDefinitions })
const invalid = (message: RegExp) => ({ code: 'ECSL_ERR_TASKDEF_INVALID', message })
const health = { command: ['CMD-SHELL', 'true'] }

t.test('dependsOn and healthCheck are validated with the field named', async (t) => {
  const bad: [Record<string, unknown>[], RegExp][] = [
    [[{ name: 'a', image: 'x', dependsOn: [{ containerName: 'b', condition: 'START' }] }], /dependsOn b: no container/],
    [[{ name: 'a', image: 'x', dependsOn: [{ containerName: 'a', condition: 'START' }] }], /cannot depend on itself/],
    [[{ name: 'a', image: 'x', dependsOn: [{ containerName: 'a', condition: 'READY' }] }], /dependsOn\[0\]\.condition/],
    [[{ name: 'a', image: 'x', dependsOn: 'b' }], /\(a\)\.dependsOn must be an array/],
    [
      [
        { name: 'a', image: 'x', dependsOn: [{ containerName: 'b', condition: 'HEALTHY' }] },
        { name: 'b', image: 'x' },
      ],
      /HEALTHY needs a healthCheck on b/,
    ],
    [
      [
        { name: 'a', image: 'x', dependsOn: [{ containerName: 'b', condition: 'SUCCESS' }] },
        { name: 'b', image: 'x' },
      ],
      /SUCCESS cannot be used on an essential container/,
    ],
    [
      [
        { name: 'a', image: 'x', dependsOn: [{ containerName: 'b', condition: 'START' }] },
        { name: 'b', image: 'x', dependsOn: [{ containerName: 'c', condition: 'START' }] },
        { name: 'c', image: 'x', dependsOn: [{ containerName: 'a', condition: 'START' }] },
      ],
      /cycle: a -> b -> c -> a/,
    ],
    [[{ name: 'a', image: 'x', healthCheck: { command: ['curl', 'x'] } }], /healthCheck\.command/],
    [[{ name: 'a', image: 'x', healthCheck: { ...health, interval: 1 } }], /healthCheck\.interval .* 5 to 300/],
    [[{ name: 'a', image: 'x', healthCheck: { ...health, retries: 11 } }], /healthCheck\.retries/],
    [[{ name: 'a', image: 'x', startTimeout: 1, dependsOn: [] }], /startTimeout/],
  ]
  for (const [defs, message] of bad) t.throws(() => validateTaskDefinition(task(defs)), invalid(message), `${message}`)
  t.ok(
    validateTaskDefinition(
      task([
        { name: 'app', image: 'x', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] },
        { name: 'init', image: 'x', essential: false, healthCheck: { ...health, interval: 5 } },
      ]),
    ),
  )
})

t.test(`${startOrder.name}: dependencies first, definition order otherwise; links count as START`, async (t) => {
  const defs: ContainerDefinition[] = [
    { name: 'app', dependsOn: [{ containerName: 'proxy', condition: 'HEALTHY' }] },
    { name: 'logs' },
    { name: 'proxy', links: ['db:database'] },
    { name: 'db' },
  ]
  t.same(startOrder(defs), ['db', 'proxy', 'app', 'logs'])
  t.same(dependenciesOf(defs[2]!), [{ containerName: 'db', condition: 'START' }])
})

const record = (over: Partial<ContainerRecord>): ContainerRecord =>
  ({ name: 'dep', knownStatus: 'RUNNING', definition: { name: 'dep' }, ...over }) as ContainerRecord

t.test(`${checkDependency.name}: each condition`, async (t) => {
  const now = Date.parse('2030-01-01T00:00:00Z')
  const startedAt = new Date(now - 10_000)
  const check = (condition: string, over: Partial<ContainerRecord>) =>
    checkDependency({ containerName: 'dep', condition }, record(over), now).kind
  t.equal(check('START', { knownStatus: 'CREATED' }), 'wait')
  t.equal(check('START', { startedAt }), 'met')
  t.equal(check('COMPLETE', { startedAt }), 'wait')
  t.equal(check('COMPLETE', { startedAt, knownStatus: 'STOPPED', exitCode: 3 }), 'met')
  t.equal(check('SUCCESS', { startedAt, knownStatus: 'STOPPED', exitCode: 0 }), 'met')
  t.equal(check('SUCCESS', { startedAt, knownStatus: 'STOPPED', exitCode: 3 }), 'failed')
  t.equal(check('HEALTHY', { startedAt, health: { status: 'UNKNOWN', since: startedAt } }), 'wait')
  t.equal(check('HEALTHY', { startedAt, health: { status: 'HEALTHY', since: startedAt } }), 'met')
  t.equal(check('HEALTHY', { startedAt, knownStatus: 'STOPPED', exitCode: 0 }), 'failed')
  const slow = { startedAt, definition: { name: 'dep', startTimeout: 5 } }
  t.equal(check('HEALTHY', slow), 'failed', 'past its startTimeout')
  t.equal(check('START', slow), 'met', 'START has no timeout once started')
  const failed = checkDependency(
    { containerName: 'dep', condition: 'SUCCESS' },
    record({ startedAt, knownStatus: 'STOPPED', exitCode: 3 }),
    now,
  )
  t.same(failed, { kind: 'failed', reason: 'dependency dep (SUCCESS) exited with code 3' })
})
