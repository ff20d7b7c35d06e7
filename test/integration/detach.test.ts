import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { managedContainers } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { idleCommand, writeTask } from '../helpers/tasks.js'

t.test('run --detach leaves the task running; stop ends it and waits until it is gone', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const before = await managedContainers()
  const file = writeTask(d.stateDir, 'detached', [{ name: 'app', image, command: idleCommand }])

  const started = await cli(['run', '-d', file, '--aws', 'local'], d.env)
  t.equal(started.code, 0, started.stderr)
  const arn = started.stdout.trim()
  t.match(arn, /^arn:aws:ecs:us-east-1:000000000000:task\/default\/[0-9a-f]{32}$/, 'prints the task ARN')

  const ps = await cli(['ps'], d.env)
  const tasks = JSON.parse(ps.stdout) as { taskArn: string; lastStatus: string }[]
  t.same(
    tasks.map((x) => [x.taskArn, x.lastStatus]),
    [[arn, 'RUNNING']],
    'still running after run returned',
  )
  t.ok((await managedContainers()).length > before.length, 'its containers are up')

  const stopped = await cli(['stop', arn.split('/').pop() as string], d.env)
  t.equal(stopped.code, 0, stopped.stderr)
  t.equal(stopped.stdout.trim(), arn)
  t.same(JSON.parse((await cli(['ps'], d.env)).stdout), [], 'gone from ps')
  t.same(await managedContainers(), before, 'and from Docker')

  const unknown = await cli(['stop', 'f'.repeat(32)], d.env)
  t.equal(unknown.code, 1)
  t.match(unknown.stderr, /no task f{32}/)
})
