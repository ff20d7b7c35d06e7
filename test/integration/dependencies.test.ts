import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { events, jsonOutputOf, writeTask } from '../helpers/tasks.js'

const node = (script: string) => ['node', '-e', script]

t.test('dependsOn: containers wait for SUCCESS and HEALTHY through real Docker health checks and exits', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const run = (file: string) => cli(['run', file, '--aws', 'local', '--json'], d.env)

  t.test('an init container runs to success and a sidecar turns healthy before the app starts', async (t) => {
    const file = writeTask(d.stateDir, 'deps', [
      {
        name: 'app',
        image,
        dependsOn: [
          { containerName: 'init', condition: 'SUCCESS' },
          { containerName: 'proxy', condition: 'HEALTHY' },
        ],
        // What the app sees at its start: the clock, and the sidecar's health in task metadata (v4).
        command: node(`fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + '/task').then((r) => r.json()).then((m) =>
          console.log(JSON.stringify({ at: Date.now(), proxy: m.Containers.find((c) => c.Name === 'proxy').Health })))`),
      },
      {
        name: 'init',
        image,
        essential: false,
        command: node(`setTimeout(() => console.log(JSON.stringify({ at: Date.now() })), 1000)`),
      },
      {
        name: 'proxy',
        image,
        essential: false,
        // Ready after a second; the probe (every 5 s, ECS's shortest interval) checks for the file.
        command: node(`setTimeout(() => require('fs').writeFileSync('/tmp/ready', ''), 1000); setInterval(() => {}, 1e6)
          process.on('SIGTERM', () => process.exit(0))`),
        healthCheck: {
          command: ['CMD', 'node', '-e', "require('fs').accessSync('/tmp/ready')"],
          interval: 5,
          retries: 3,
        },
      },
    ])
    const r = await run(file)
    t.equal(r.code, 0, r.stderr)
    const [init] = jsonOutputOf<{ at: number }>(r, 'init')
    const [app] = jsonOutputOf<{ at: number; proxy: { status: string; statusSince: string } }>(r, 'app')
    t.ok(init && app && app.at >= init.at, 'the app started after init exited with 0')
    t.equal(app?.proxy.status, 'HEALTHY', 'the sidecar was healthy when the app started')
    t.ok(app && Date.parse(app.proxy.statusSince) <= app.at, 'statusSince is when it turned healthy')
    const notices = events(r).flatMap((e) => (e.type === 'notice' ? [e.message] : []))
    t.same(
      notices.slice(0, 4),
      [
        'container app waits for init (SUCCESS), proxy (HEALTHY)',
        'container init exited with code 0',
        'container proxy is HEALTHY',
        'container app exited with code 0',
      ],
      'run tells what the task is waiting for and what happened',
    )
  })
})
