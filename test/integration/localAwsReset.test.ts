import { existsSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { CallRecord } from '../../src/localaws/types.js'
import { cli, newStateDir } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { idleCommand, writeTask } from '../helpers/tasks.js'

t.test('local-aws reset: refused while a task runs; then stops the idle daemon and clears the state', async (t) => {
  const image = await ensureNodeSdkImage()
  await cli(['daemon', 'stop'])
  const stateDir = newStateDir()
  const env = { ECS_LOCAL_STATE_DIR: stateDir }
  t.teardown(() => cli(['daemon', 'stop'], env))
  const file = writeTask(stateDir, 'resettable', [{ name: 'app', image, command: idleCommand }])
  const calls = async () => JSON.parse((await cli(['local-aws', 'calls'], env)).stdout) as CallRecord[]

  // run -d leaves an idle-exit daemon in the background, as a user's first run does.
  const started = await cli(['run', '-d', file, '--aws', 'local'], env)
  t.equal(started.code, 0, started.stderr)
  const arn = started.stdout.trim()
  const refused = await cli(['local-aws', 'reset'], env)
  t.equal(refused.code, 1)
  t.match(refused.stderr, /in use by daemon \d+ \(it runs 1 task\(s\)\); stop it first \(ecs-local daemon stop\)/)
  t.ok(existsSync(join(stateDir, 'localaws', 'journal.jsonl')), 'nothing removed')

  t.equal((await cli(['stop', arn], env)).code, 0)
  const before = await calls()
  t.ok(
    before.some((c) => c.action === 'AssumeRole'),
    'the first task assumed its role',
  )
  const reset = await cli(['local-aws', 'reset'], env)
  t.equal(reset.code, 0, reset.stderr)
  t.match(reset.stderr, /stopped the idle background daemon \d+/)
  t.match(reset.stderr, `cleared the local AWS's state (${join(stateDir, 'localaws')})`)
  t.notOk(existsSync(join(stateDir, 'localaws')))

  // The next daemon remembers nothing: a new user key, and a call log of its own calls only.
  const again = await cli(['run', '-d', file, '--aws', 'local'], env)
  t.equal(again.code, 0, again.stderr)
  const after = await calls()
  const keys = (list: CallRecord[]) => new Set(list.map((c) => c.accessKeyId))
  t.notOk(
    [...keys(after)].some((k) => keys(before).has(k)),
    'no key of the first daemon in the new call log',
  )
  await cli(['stop', again.stdout.trim()], env)

  const idle = await cli(['local-aws', 'reset'], env)
  t.equal(idle.code, 0, 'a reset with no daemon running (or an idle one) just clears')
  t.equal((await cli(['local-aws', 'reset'], env)).code, 0, 'and twice is fine')
})
