import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { jsonOutputOf, writeTask } from '../helpers/tasks.js'

// RunTask overrides end to end: the container runs the overridden command with the merged environment, and its
// task metadata carries the --tags.

t.test('run --overrides, --env and --tags reach the real container', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const file = writeTask(d.stateDir, 'ovr', [
    { name: 'app', image, command: ['node', '-e', 'process.exit(9)'], environment: [{ name: 'A', value: 'def' }] },
  ])
  const report = `fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + '/taskWithTags').then((r) => r.json())
    .then((m) => console.log(JSON.stringify({ a: process.env.A, b: process.env.B, tags: m.TaskTags })))`
  const overrides = JSON.stringify({ containerOverrides: [{ name: 'app', command: ['node', '-e', report] }] })
  const r = await cli(
    ['run', file, '--aws', 'local', '--json', '--overrides', overrides, '--env', 'B=from-env', '--tags', 'team=core'],
    d.env,
  )
  t.equal(r.code, 0, `the overridden command ran, not the definition's exit 9 (${r.stderr.slice(-300)})`)
  const [seen] = jsonOutputOf<{ a: string; b: string; tags: Record<string, string> }>(r, 'app')
  t.match(seen, { a: 'def', b: 'from-env', tags: { team: 'core' } })
})
