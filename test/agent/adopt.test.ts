import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pino } from 'pino'
import t from 'tap'
import { Agent } from '../../src/agent/agent.js'
import type { ContainerEngine } from '../../src/agent/engine.js'
import { TaskRegistry } from '../../src/agent/registry.js'
import { sweepManaged } from '../../src/agent/sweep.js'
import { TaskStore } from '../../src/agent/taskStore.js'
import { FakeEngine, type Behaviour } from '../helpers/fakeEngine.js'
import { cuttable, fakeAgentDeps, FakeVault, taskDef } from './lifecycleHelpers.js'

const DEF = taskDef(
  [
    { name: 'app', image: 'app:1', essential: true },
    { name: 'sidecar', image: 'side:1', essential: false, dependsOn: [{ containerName: 'app', condition: 'START' }] },
  ],
  { volumes: [{ name: 'scratch' }] },
)

/** A daemon's agent on `engine` with its own registry and vault; the state directory is shared. */
function daemonOn(engine: ContainerEngine, fake: FakeEngine, stateDir: string) {
  const { deps } = fakeAgentDeps(fake)
  const registry = new TaskRegistry()
  const vault = new FakeVault()
  const lines: string[] = []
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) })
  const store = new TaskStore(stateDir)
  const agent = new Agent({
    ...deps,
    engine,
    registry,
    vault,
    logger,
    store,
    settings: { ...deps.settings, stateDir },
  })
  return { agent, registry, vault, store, lines }
}

async function startedTask(behaviour: (name: string) => Behaviour = () => ({})) {
  const fake = new FakeEngine(behaviour)
  fake.addImage('app:1')
  fake.addImage('side:1')
  const { stateDir } = fakeAgentDeps(fake)
  const first = cuttable(fake)
  const old = daemonOn(first.value, fake, stateDir)
  const { run, started } = old.agent.launch(DEF)
  await started
  return { fake, stateDir, first, old, run }
}

t.test('a running task is saved; a new daemon takes it over with the same ids', async (t) => {
  const { fake, stateDir, first, old, run } = await startedTask()
  const record = run.task.record
  const saved = join(stateDir, 'tasks', `${record.id}.json`)
  t.ok(existsSync(saved), 'saved once RUNNING')
  t.notOk(readFileSync(saved, 'utf8').includes('ASIAFAKE'), 'no credentials in the saved record')

  first.cut() // kill -9
  const next = daemonOn(fake, fake, stateDir)
  const { records } = await next.store.loadAll()
  const adopted = await next.agent.adopt(records)
  t.strictSame([...adopted], [record.arn])
  const again = next.agent.get(record.arn)
  t.equal(again?.task.apiStatus, 'RUNNING')
  const credentialsId = record.credentialsId as string
  t.equal(next.registry.taskByCredentialsId(credentialsId)?.arn, record.arn, 'the same credentials id')
  t.equal(next.registry.credentials(credentialsId)?.roleArn, record.taskRoleArn, 're-assumed')
  const pauseAddress = record.pause?.networks[0]?.ipv4Addresses[0] as string
  t.equal(next.registry.taskByAddress(pauseAddress)?.arn, record.arn, 'the same address')
  for (const c of record.containers) {
    t.equal(next.registry.containerByEndpointId(c.endpointId)?.container.name, c.name, `endpoint id of ${c.name}`)
  }
  t.equal(old.registry.list().length, 1, '(the dead daemon never undid anything)')

  // The new daemon stops it as the old one would have: everything goes, the saved record too.
  await again?.stop('Task stopped by user')
  t.strictSame(fake.held(), { containers: [], volumes: [], statsStreams: [] })
  t.equal(next.registry.list().length, 0)
  t.equal(next.vault.held.size, 0)
  t.notOk(existsSync(saved))
})

t.test('an adopted task still stops when its essential container exits', async (t) => {
  let exitApp: () => void = () => {}
  const { fake, stateDir, first, run } = await startedTask()
  const appId = run.task.container('app').dockerId as string
  exitApp = () => void fake.kill(appId)
  first.cut()
  const next = daemonOn(fake, fake, stateDir)
  await next.agent.adopt((await next.store.loadAll()).records)
  const adopted = next.agent.get(run.task.arn)
  exitApp()
  const result = await adopted?.done
  t.equal(result?.reason, 'Essential container in task exited')
  t.strictSame(fake.held().containers, [])
  t.strictSame(readdirSync(join(stateDir, 'tasks')), [])
})

t.test('a task whose essential container exited while no daemon watched is stopped at adoption', async (t) => {
  const { fake, stateDir, first, run } = await startedTask()
  first.cut()
  await fake.kill(run.task.container('app').dockerId as string)
  const next = daemonOn(fake, fake, stateDir)
  const adopted = await next.agent.adopt((await next.store.loadAll()).records)
  t.equal(adopted.size, 0)
  for (let i = 0; i < 100 && fake.held().containers.length; i++) await new Promise((r) => setTimeout(r, 5))
  t.strictSame(fake.held(), { containers: [], volumes: [], statsStreams: [] }, 'its leftovers are removed')
})

t.test('a task whose containers are gone cannot be taken over; the sweep keeps only adopted tasks', async (t) => {
  const a = await startedTask()
  a.first.cut()
  // Gone behind the daemon's back (docker rm -f).
  await a.fake.remove(a.run.task.container('app').dockerId as string)
  const next = daemonOn(a.fake, a.fake, a.stateDir)
  const adopted = await next.agent.adopt((await next.store.loadAll()).records)
  t.equal(adopted.size, 0)
  t.ok(next.lines.some((l) => l.includes('could not take over a task of an earlier daemon')))
  t.strictSame(a.fake.held().containers, [], 'what was left of it is removed')
  t.strictSame(readdirSync(join(a.stateDir, 'tasks')), [])
})

t.test('the sweep removes orphans, keeps what was adopted, and says what it removed', async (t) => {
  const { fake, stateDir, first, run } = await startedTask()
  first.cut()
  const next = daemonOn(fake, fake, stateDir)
  const adopted = await next.agent.adopt((await next.store.loadAll()).records)
  // An orphan: a managed container of a task nobody saved.
  const orphan = await fake.create({
    name: 'ecs-orphan-1-app-00',
    image: 'app:1',
    env: [],
    labels: { 'ecs-local': 'true', 'com.amazonaws.ecs.task-arn': 'arn:aws:ecs:eu-west-1:0:task/default/orphan' },
    networkMode: 'ecs-local',
  })
  const removed = await sweepManaged(fake, next.agent.deps.logger, adopted)
  t.equal(removed, 1)
  t.ok(next.lines.some((l) => l.includes('removed 1 container(s) of 1 task(s)') && l.includes('orphan')))
  t.notOk(fake.held().containers.some((c) => c.includes(orphan)))
  t.equal(fake.held().containers.length, run.task.all().length, 'the adopted task keeps its containers')
  await next.agent.stopAll('done')
})
