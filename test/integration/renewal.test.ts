import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { jsonOutputOf, writeTask } from '../helpers/tasks.js'

const SESSION_SECONDS = 30

t.test('a task calling AWS for longer than one role session keeps working on renewed credentials', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local', '--local-aws-session-seconds', String(SESSION_SECONDS)])
  t.teardown(d.stop)
  // whoami.mjs EVERY FOR: one GetCallerIdentity every 3 s for 1.5 sessions.
  const file = writeTask(d.stateDir, 'renew', [
    { name: 'app', image, command: ['node', '/app/whoami.mjs', '3', String(SESSION_SECONDS * 1.5)] },
  ])
  const r = await cli(['run', file, '--aws', 'local', '--json'], d.env)
  t.equal(r.code, 0, 'every call succeeded')
  const lines = jsonOutputOf<{ Arn?: string; AccessKeyId?: string; error?: string }>(r, 'app')
  t.ok(lines.length >= 10, `${lines.length} calls made`)
  t.same(
    lines.filter((l) => l.error),
    [],
    'no call failed (an expired key would be refused by the local AWS)',
  )
  t.ok(
    lines.every((l) => l.Arn?.includes('assumed-role/renew-task/')),
    'always the task role',
  )
  const keys = new Set(lines.map((l) => l.AccessKeyId))
  t.ok(keys.size >= 2, `saw ${keys.size} different AccessKeyIds`)
})
