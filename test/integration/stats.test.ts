import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { jsonOutputOf, writeTask } from '../helpers/tasks.js'

t.test('TMDE stats: /stats and /task/stats from inside the task, v4 with network rates', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  // Samples arrive about once a second; a rate needs two.
  const probe = `
    const get = (u) => fetch(u).then((r) => r.json())
    setTimeout(async () => {
      const v4 = process.env.ECS_CONTAINER_METADATA_URI_V4, v3 = process.env.ECS_CONTAINER_METADATA_URI
      const [own, task, taskStats, v3own] = await Promise.all([get(v4 + '/stats'), get(v4 + '/task'), get(v4 + '/task/stats'), get(v3 + '/stats')])
      const me = task.Containers.find((c) => c.Name === 'app').DockerId
      console.log(JSON.stringify({
        memory: typeof own.memory_stats?.usage, cpu: typeof own.cpu_stats?.cpu_usage?.total_usage,
        precpu: typeof own.precpu_stats, rate: own.network_rate_stats, networks: typeof own.networks,
        keyedByDockerId: Object.keys(taskStats).includes(me) && taskStats[me].id === me,
        v3Rate: 'network_rate_stats' in v3own }))
    }, 3500)`
  const file = writeTask(d.stateDir, 'stats', [{ name: 'app', image, command: ['node', '-e', probe] }])
  const r = await cli(['run', file, '--aws', 'local', '--json'], d.env)
  t.equal(r.code, 0, r.stderr)
  const [seen] = jsonOutputOf<Record<string, unknown>>(r, 'app')
  t.match(seen, {
    memory: 'number',
    cpu: 'number',
    precpu: 'object',
    networks: 'object',
    rate: { rx_bytes_per_sec: Number, tx_bytes_per_sec: Number },
    keyedByDockerId: true,
    v3Rate: false,
  })
})
