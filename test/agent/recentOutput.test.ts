import t from 'tap'
import { Task, type TaskOutput } from '../../src/agent/task.js'
import { newTaskRecord } from '../../src/agent/taskRecord.js'
import type { TaskRunner } from '../../src/agent/runner.js'
import { taskEventStream } from '../../src/control/taskStream.js'
import type { TaskEvent } from '../../src/control/protocol.js'

const settings = { region: 'us-east-1', defaultAccount: '000000000000', cluster: 'default' }
const newTask = () =>
  new Task(newTaskRecord({ family: 'f', containerDefinitions: [{ name: 'app', image: 'x' }] }, settings))
const chunk = (lines: string[], times: number[]): TaskOutput => ({
  container: 'app',
  stream: 'stdout',
  lines,
  time: Math.max(...times),
  ends: lines.map((_, i) => i),
  times,
})

t.test('a task keeps its newest output only while asked to, and only so much of it', async (t) => {
  const plain = newTask()
  plain.output(chunk(['a'], [1]))
  t.same(plain.recentOutput(), [], 'a task nobody will come back for keeps nothing')

  const taken = newTask()
  taken.keepRecentOutput(60_000)
  const big = 'x'.repeat(100 * 1024)
  for (let i = 0; i < 4; i++) taken.output(chunk([`${i}${big}`], [i]))
  t.same(
    taken.recentOutput().map((o) => o.lines[0]?.[0]),
    ['2', '3'],
    'the oldest chunks go while the kept lines pass 256 KiB (4 x 100 KiB: 2 stay)',
  )
  taken.keepRecentOutput(-1)
  t.same(taken.recentOutput(), [], 'and nothing after the window')
})

t.test('a follower gets the output it missed since a time, then the live output, then the end', async (t) => {
  const task = newTask()
  task.keepRecentOutput(60_000)
  task.output(chunk(['old 1', 'old 2', 'new 1'], [100, 200, 300]))
  let finish!: (r: { exitCode?: number; reason: string }) => void
  const run = { task, done: new Promise((r) => (finish = r)) } as unknown as TaskRunner
  const { out } = taskEventStream(run, { since: 200 })
  task.output(chunk(['new 2'], [400]))
  finish({ exitCode: 3, reason: 'Essential container in task exited' })
  let text = ''
  for await (const c of out) text += String(c)
  const events = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TaskEvent)
  t.match(events, [
    { type: 'task', taskArn: task.record.arn },
    { type: 'status', status: 'PENDING' },
    { type: 'output', lines: ['new 1'] },
    { type: 'output', lines: ['new 2'] },
    { type: 'stopped', exitCode: 3 },
  ])
  t.equal(events.length, 5, 'nothing logged before `since` is sent again')
})
