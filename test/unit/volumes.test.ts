import t from 'tap'
import { mountBinds, taskVolumeName, type TaskVolumes } from '../../src/agent/volumes.js'
import { validateTaskDefinition } from '../../src/taskdef/index.js'

const invalid = (message: RegExp) => ({ code: 'ECSL_ERR_TASKDEF_INVALID', message })
const task = (volumes: unknown, container: Record<string, unknown> = {}, more: Record<string, unknown>[] = []) => ({
  family: 'web',
  volumes,
  containerDefinitions: [{ name: 'app', image: 'x', ...container }, ...more],
})

t.test('volumes, mountPoints and volumesFrom are validated with the field named', async (t) => {
  const bad: [unknown, RegExp][] = [
    [task('data'), /volumes must be an array/],
    [task([{ name: 'a b' }]), /volumes\[0\]\.name is required/],
    [task([{ name: 'd' }, { name: 'd' }]), /volumes\[1\] \(d\): volume names must be unique/],
    [
      task([{ name: 'd', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }]),
      /\(d\)\.efsVolumeConfiguration: EFS cannot be mounted locally/,
    ],
    [task([{ name: 'd', configuredAtLaunch: true }]), /EBS volumes are not supported/],
    [task([{ name: 'd', host: { sourcePath: 'rel/path' } }]), /host\.sourcePath must be an absolute path/],
    [task([{ name: 'd', dockerVolumeConfiguration: { scope: 'global' } }]), /scope must be task or shared/],
    [task([{ name: 'd', dockerVolumeConfiguration: { autoprovision: true } }]), /autoprovision needs scope shared/],
    [task([], { mountPoints: [{ sourceVolume: 'nope', containerPath: '/data' }] }), /mountPoints\[0\]\.sourceVolume/],
    [
      task([{ name: 'd' }], { mountPoints: [{ sourceVolume: 'd', containerPath: 'data' }] }),
      /containerPath must be an absolute/,
    ],
    [task([], { volumesFrom: [{ sourceContainer: 'ghost' }] }), /volumesFrom\[0\]\.sourceContainer must name another/],
    [task([], { volumesFrom: [{ sourceContainer: 'app' }] }), /cannot be the container itself/],
  ]
  for (const [doc, message] of bad) t.throws(() => validateTaskDefinition(doc), invalid(message), `${message}`)
  t.ok(
    validateTaskDefinition(
      task(
        [
          { name: 'cache' },
          { name: 'src', host: { sourcePath: '/srv/src' } },
          { name: 'db', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } },
        ],
        {
          mountPoints: [{ sourceVolume: 'cache', containerPath: '/cache' }],
          volumesFrom: [{ sourceContainer: 'side', readOnly: true }],
        },
        [{ name: 'side', image: 'x', essential: false }],
      ),
    ),
  )
})

t.test(`${mountBinds.name}: source:containerPath, read-only marked`, async (t) => {
  const volumes: TaskVolumes = {
    sources: new Map([
      ['cache', taskVolumeName('abc', 'cache')],
      ['src', '/srv/src'],
    ]),
  }
  t.same(
    mountBinds(
      {
        name: 'app',
        mountPoints: [
          { sourceVolume: 'cache', containerPath: '/cache' },
          { sourceVolume: 'src', containerPath: '/app', readOnly: true },
        ],
      },
      volumes,
    ),
    ['ecs-local-abc-cache:/cache', '/srv/src:/app:ro'],
  )
})
