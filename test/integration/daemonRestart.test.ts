import { join } from 'node:path'
import t from 'tap'
import { ControlClient } from '../../src/control/client.js'
import { cli, newStateDir, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { idleCommand, writeTask } from '../helpers/tasks.js'

const image = await ensureNodeSdkImage()

t.test('a run with other settings restarts the idle background daemon an earlier run left', async (t) => {
  await cli(['daemon', 'stop'])
  const stateDir = newStateDir()
  const env = { ECS_LOCAL_STATE_DIR: stateDir, AWS_REGION: 'us-east-1' }
  t.teardown(() => cli(['daemon', 'stop'], env))
  const control = new ControlClient(join(stateDir, 'control.sock'))
  t.teardown(() => control.close())
  const info = async () => {
    const i = await control.info()
    if (!i) throw new Error('no daemon answers')
    return i
  }
  const quick = writeTask(stateDir, 'quick', [{ name: 'app', image, command: ['node', '-e', '0'] }])

  const first = await cli(['run', quick, '--aws', 'local'], env)
  t.equal(first.code, 0, first.stderr)
  const before = await info()
  t.equal(before.idleExit, true, 'started in the background, idle once the task ended')

  const second = await cli(['run', quick, '--aws', 'local', '--region', 'eu-west-1'], env)
  t.equal(second.code, 0, second.stderr)
  t.match(second.stderr, 'ecs-local: restarted the idle background daemon (--region us-east-1 -> --region eu-west-1)')
  const after = await info()
  t.not(after.pid, before.pid, 'a new daemon')
  t.equal(after.region, 'eu-west-1')

  // With a task running it is busy: refused, naming the setting, and left alone.
  const idle = writeTask(stateDir, 'idle', [{ name: 'app', image, command: idleCommand }])
  const detached = await cli(['run', '-d', idle, '--aws', 'local', '--region', 'eu-west-1'], env)
  t.equal(detached.code, 0, detached.stderr)
  const refused = await cli(['run', quick, '--aws', 'local', '--region', 'us-east-1'], env)
  t.equal(refused.code, 1)
  t.match(
    refused.stderr,
    'the running daemon was started with --region eu-west-1, this command asks for --region us-east-1 (it runs 1 task(s))',
  )
  t.equal((await info()).pid, after.pid, 'the busy daemon still runs')
  const shared = await cli(['run', quick, '--aws', 'local'], env)
  t.equal(shared.code, 0, 'a run that gives no --region uses the daemon as it is')
  const stopped = await cli(['stop', detached.stdout.trim()], env)
  t.equal(stopped.code, 0, stopped.stderr)
})

t.test('a daemon started by hand is never replaced', async (t) => {
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const quick = writeTask(d.stateDir, 'quick', [{ name: 'app', image, command: ['node', '-e', '0'] }])
  const refused = await cli(['run', quick, '--aws', 'default'], d.env)
  t.equal(refused.code, 1)
  t.match(refused.stderr, '--aws local, this command asks for --aws default (it was started with ecs-local daemon)')
  t.equal((await d.client.info())?.idleExit, false)
})
