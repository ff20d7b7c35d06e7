import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { events, jsonOutputOf, writeTask } from '../helpers/tasks.js'

const exec = promisify(execFile)
const volumeExists = async (name: string) =>
  exec('docker', ['volume', 'inspect', name]).then(
    () => true,
    () => false,
  )

t.test(
  'task volumes: shared between containers, host paths, volumesFrom, shared volumes that outlive the task',
  async (t) => {
    const image = await ensureNodeSdkImage()
    const d = await startDaemon(['--aws', 'local'])
    t.teardown(d.stop)
    const hostDir = mkdtempSync(join(tmpdir(), 'ecs-local-vol-'))
    writeFileSync(join(hostDir, 'file.txt'), 'host file')
    const shared = `ecs-local-test-keep-${process.pid}`
    t.teardown(() => exec('docker', ['volume', 'rm', '-f', shared]).then(() => undefined))

    const file = writeTask(
      d.stateDir,
      'vols',
      [
        {
          name: 'reader',
          image,
          dependsOn: [{ containerName: 'writer', condition: 'SUCCESS' }],
          mountPoints: [{ sourceVolume: 'src', containerPath: '/src', readOnly: true }],
          volumesFrom: [{ sourceContainer: 'writer', readOnly: true }],
          command: [
            'node',
            '-e',
            `const fs = require('fs'); let roWrite = 'allowed'
          try { fs.writeFileSync('/src/x', 'x') } catch (e) { roWrite = e.code }
          console.log(JSON.stringify({ msg: fs.readFileSync('/data/msg', 'utf8'), src: fs.readFileSync('/src/file.txt', 'utf8'),
            keep: fs.readFileSync('/keep/count', 'utf8'), roWrite }))`,
          ],
        },
        {
          name: 'writer',
          image,
          essential: false,
          mountPoints: [
            { sourceVolume: 'scratch', containerPath: '/data' },
            { sourceVolume: shared, containerPath: '/keep' },
          ],
          command: [
            'node',
            '-e',
            `const fs = require('fs'); fs.writeFileSync('/data/msg', 'from writer')
          const n = fs.existsSync('/keep/count') ? Number(fs.readFileSync('/keep/count', 'utf8')) : 0
          fs.writeFileSync('/keep/count', String(n + 1))`,
          ],
        },
      ],
      {
        volumes: [
          { name: 'scratch' },
          { name: 'src', host: { sourcePath: hostDir } },
          // A shared volume is the Docker volume of that name, as on ECS; this one's name is unique to the test.
          { name: shared, dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } },
        ],
      },
    )
    for (const round of [1, 2]) {
      const r = await cli(['run', file, '--aws', 'local', '--json'], d.env)
      t.equal(r.code, 0, r.stderr)
      const [seen] = jsonOutputOf<{ msg: string; src: string; keep: string; roWrite: string }>(r, 'reader')
      t.same(
        seen,
        { msg: 'from writer', src: 'host file', keep: String(round), roWrite: 'EROFS' },
        `round ${round}: the task volume, the host path (read-only) and the shared volume, through volumesFrom`,
      )
      const taskId = (events(r)[0] as { taskId: string }).taskId
      t.notOk(await volumeExists(`ecs-local-${taskId}-scratch`), 'the task-scoped volume went with the task')
      t.ok(await volumeExists(shared), 'the shared volume stays')
    }
  },
)
