import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { takeDaemonLock } from '../../src/daemonLock.js'

const lockPath = () => join(mkdtempSync(join(tmpdir(), 'ecs-local-lock-')), 'daemon.lock')

t.test(`${takeDaemonLock.name}: one holder at a time, released on demand`, async (t) => {
  const path = lockPath()
  const release = await takeDaemonLock(path)
  t.equal(readFileSync(path, 'utf8'), String(process.pid))
  await t.rejects(takeDaemonLock(path), /already running \(pid \d+\)/)
  await release()
  const again = await takeDaemonLock(path)
  await again()
})

t.test(`${takeDaemonLock.name}: racers on a free lock, exactly one wins`, async (t) => {
  const path = lockPath()
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => takeDaemonLock(path)))
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
})

t.test(`${takeDaemonLock.name}: a stale lock (its pid is gone) is taken over`, async (t) => {
  const path = lockPath()
  writeFileSync(path, '999999999')
  const release = await takeDaemonLock(path)
  t.equal(readFileSync(path, 'utf8'), String(process.pid))
  await release()
})
