import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { cli, newStateDir, startDaemon } from '../helpers/cli.js'
import { managedContainers } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { role, writeTask } from '../helpers/tasks.js'

t.test('AccessDenied on AssumeRole names the caller and the trust statement to add; nothing is left', async (t) => {
  const image = await ensureNodeSdkImage()
  const dir = newStateDir()
  const seed = join(dir, 'seed.json')
  // The task role trusts somebody else, not the daemon's base identity.
  writeFileSync(seed, JSON.stringify({ roles: [{ arn: role('denied-task'), trust: [role('someone-else')] }] }))
  const d = await startDaemon(['--aws', 'local', '--local-aws-seed', seed])
  t.teardown(d.stop)
  const file = writeTask(d.stateDir, 'denied', [{ name: 'app', image }])

  const r = await cli(['run', file, '--aws', 'local'], d.env)
  t.equal(r.code, 125, 'exit 125: the task could not start')
  t.match(r.stderr, /cannot assume role arn:aws:iam::000000000000:role\/denied-task/)
  t.match(r.stderr, /The caller is arn:aws:iam::000000000000:user\/ecs-local/)
  t.ok(
    r.stderr.includes(
      '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/ecs-local"},"Action":"sts:AssumeRole"}',
    ),
    'the exact statement to add',
  )
  t.same(await managedContainers(), [], 'no container left')
  t.same(await d.client.tasks(), [], 'no task left in the daemon')
})
