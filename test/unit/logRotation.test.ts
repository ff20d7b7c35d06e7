import { closeSync, mkdtempSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { rotateWhenLarge } from '../../src/logRotation.js'

t.test(
  'a log past its bound is kept as .1 and started afresh; appending descriptors go on at the new end',
  async (t) => {
    const path = join(mkdtempSync(join(tmpdir(), 'ecs-local-rotate-')), 'daemon.log')
    const fd = openSync(path, 'a', 0o600) // as the background daemon's stdout and stderr are opened
    t.teardown(() => closeSync(fd))
    const rotation = rotateWhenLarge(path, 100, 60_000)
    t.teardown(() => rotation.stop())
    writeSync(fd, 'x'.repeat(60) + '\n')
    t.equal(rotation.check(), false, 'under the bound: left alone')
    writeSync(fd, 'y'.repeat(60) + '\n')
    t.equal(rotation.check(), true, 'past it: rotated')
    t.equal(readFileSync(`${path}.1`, 'utf8'), 'x'.repeat(60) + '\n' + 'y'.repeat(60) + '\n', 'the old lines in .1')
    t.equal(statSync(path).size, 0)
    writeSync(fd, 'after\n')
    t.equal(readFileSync(path, 'utf8'), 'after\n', 'the same descriptor writes at the start of the emptied file')
    writeSync(fd, 'z'.repeat(120) + '\n')
    rotation.check()
    t.equal(readFileSync(`${path}.1`, 'utf8'), 'after\n' + 'z'.repeat(120) + '\n', 'one older file is kept, not more')
    t.equal(rotateWhenLarge(join(path, 'missing'), 1, 60_000).check(), false, 'a missing file is not an error')
  },
)

t.test('the daemon a run starts is told which file to keep bounded; a foreground one is not', async (t) => {
  const { loadConfig } = await import('../../src/config.js')
  t.equal(loadConfig({}, { ECS_LOCAL_DAEMON_LOG: '/state/daemon.log' }).daemonLogFile, '/state/daemon.log')
  t.equal(loadConfig({}, {}).daemonLogFile, undefined)
})
