import t from 'tap'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { cli, startDaemon } from '../helpers/cli.js'
import { jsonOutputOf, role, writeTask } from '../helpers/tasks.js'

interface Call {
  action: string
  callerArn: string
  target?: string
}

t.test('an unmodified JS SDK v3 app in a task gets the task role, never the execution role', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const file = writeTask(d.stateDir, 'jsdk', [{ name: 'app', image }])

  const r = await cli(['run', file, '--aws', 'local', '--json'], d.env)
  t.equal(r.code, 0, r.stderr)
  const [who] = jsonOutputOf<{ Arn: string; AccessKeyId: string }>(r, 'app')
  t.match(who?.Arn, /^arn:aws:sts::000000000000:assumed-role\/jsdk-task\/ecs-local-[0-9a-f]{32}$/)

  const calls = await d.client.localAwsCalls<Call>()
  const assumed = calls.filter((c) => c.action === 'AssumeRole').map((c) => c.target)
  t.same(assumed.sort(), [role('jsdk-exec'), role('jsdk-task')], 'the daemon assumed both roles')
  const fromApp = calls.filter((c) => c.action === 'GetCallerIdentity')
  t.equal(fromApp.length, 1)
  t.equal(fromApp[0]?.callerArn, who?.Arn, 'the local AWS saw the task role as the caller')
  t.notOk(
    calls.some((c) => c.callerArn.includes('assumed-role/jsdk-exec') && c.action === 'GetCallerIdentity'),
    'the execution role made no call from the container',
  )
})
