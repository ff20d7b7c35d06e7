import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { LogPositions } from '../../src/agent/logPositions.js'
import { TaskStore } from '../../src/agent/taskStore.js'
import { newTaskRecord } from '../../src/agent/taskRecord.js'
import { taskDef } from './lifecycleHelpers.js'

const stateDir = () => mkdtempSync(join(tmpdir(), 'ecs-local-positions-'))

t.test(
  `${LogPositions.name}: saved positions read back; files 0600 in 0700 directories, nothing left over`,
  async (t) => {
    const dir = stateDir()
    const positions = new LogPositions(dir)
    t.equal(positions.load('task1', 'app'), undefined, 'none saved')
    positions.save('task1', 'app', { stdout: 0, stderr: 0 })
    positions.save('task1', 'app', { stdout: 120, stderr: 7 })
    positions.save('task1', 'sidecar', { stdout: 3, stderr: 0 })
    t.same(positions.load('task1', 'app'), { stdout: 120, stderr: 7 })
    t.same(positions.load('task1', 'sidecar'), { stdout: 3, stderr: 0 })
    const taskDir = join(dir, 'log-positions', 'task1')
    t.same(readdirSync(taskDir).sort(), ['app.json', 'sidecar.json'], 'no temporary file left')
    t.equal(statSync(join(taskDir, 'app.json')).mode & 0o777, 0o600)
    t.equal(statSync(taskDir).mode & 0o777, 0o700)
    t.same(JSON.parse(readFileSync(join(taskDir, 'app.json'), 'utf8')), { stdout: 120, stderr: 7 }, 'offsets only')
  },
)

t.test(`${LogPositions.name}: a file that is not a position reads as none`, async (t) => {
  const dir = stateDir()
  const positions = new LogPositions(dir)
  positions.save('task1', 'app', { stdout: 1, stderr: 1 })
  const path = join(dir, 'log-positions', 'task1', 'app.json')
  for (const text of ['{"stdout": 1', '{"stdout": -1, "stderr": 0}', '{"stdout": 1.5, "stderr": 0}', '[]', 'null']) {
    writeFileSync(path, text)
    t.equal(positions.load('task1', 'app'), undefined, text)
  }
})

t.test(`${LogPositions.name}: remove, removeTask and prune`, async (t) => {
  const dir = stateDir()
  const positions = new LogPositions(dir)
  t.same(positions.prune(new Set()), [], 'nothing saved yet')
  for (const task of ['kept', 'gone']) positions.save(task, 'app', { stdout: 1, stderr: 0 })
  positions.save('kept', 'other', { stdout: 1, stderr: 0 })
  positions.remove('kept', 'other')
  t.equal(positions.load('kept', 'other'), undefined)
  t.same(positions.prune(new Set(['kept'])), ['gone'])
  t.same(readdirSync(join(dir, 'log-positions')), ['kept'])
  positions.removeTask('kept')
  t.same(readdirSync(join(dir, 'log-positions')), [])
  positions.save('kept', 'app', { stdout: 2, stderr: 0 })
  t.same(positions.load('kept', 'app'), { stdout: 2, stderr: 0 }, 'its directory is made again')
})

t.test(`${TaskStore.name}: a task's positions go with its record; those of unsaved tasks go at load`, async (t) => {
  const dir = stateDir()
  const store = new TaskStore(dir)
  const record = newTaskRecord(taskDef([{ name: 'app', image: 'app:1' }]), {
    region: 'eu-west-1',
    defaultAccount: '000000000000',
    cluster: 'default',
  })
  await store.save(record)
  store.positions.save(record.id, 'app', { stdout: 5, stderr: 0 })
  // A task whose daemon died before RUNNING: positions written at create, no record.
  store.positions.save('never-saved', 'app', { stdout: 0, stderr: 0 })
  const { records } = await store.loadAll()
  t.same(
    records.map((r) => r.id),
    [record.id],
  )
  t.same(store.positions.load(record.id, 'app'), { stdout: 5, stderr: 0 })
  t.notOk(existsSync(join(dir, 'log-positions', 'never-saved')))
  await store.remove(record.id)
  t.notOk(existsSync(join(dir, 'log-positions', record.id)))
})
