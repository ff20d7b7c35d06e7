import t from 'tap'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { cli, startDaemon } from '../helpers/cli.js'
import { jsonOutputOf, writeTask } from '../helpers/tasks.js'

// A user's task definition names roles in the user's own account (and maybe another partition): under --aws local,
// with no seed, it runs unchanged and the app sees its role in that account.

t.test('roles of any account and partition, no seed: the app sees its own account', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  for (const partition of ['aws', 'aws-cn']) {
    const arn = (name: string) => `arn:${partition}:iam::111122223333:role/${name}`
    const family = `acct-${partition}`
    const file = writeTask(d.stateDir, family, [{ name: 'app', image }], {
      taskRoleArn: arn(`${family}-task`),
      executionRoleArn: arn(`${family}-exec`),
    })
    const r = await cli(['run', file, '--aws', 'local', '--json'], d.env)
    t.equal(r.code, 0, `${partition}: ${r.stderr.slice(-400)}`)
    const [who] = jsonOutputOf<{ Arn: string; Account: string }>(r, 'app')
    t.match(
      who,
      {
        Account: '111122223333',
        Arn: new RegExp(`^arn:${partition}:sts::111122223333:assumed-role/${family}-task/ecs-local-[0-9a-f]{32}$`),
      },
      `${partition}: the task role, in its own account`,
    )
  }
})
