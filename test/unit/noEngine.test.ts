import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { CLI } from '../helpers/cli.js'

t.test('run with no engine: one clear error at once, and no daemon started', async (t) => {
  const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-noengine-'))
  const socket = join(stateDir, 'no-docker.sock')
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      CLI,
      ['run', '--aws', 'local', '--state-dir', stateDir],
      { env: { ...process.env, DOCKER_HOST: `unix://${socket}` }, timeout: 20_000 },
      (e, _stdout, stderr) => resolve({ code: e ? ((e as { code?: number }).code ?? null) : 0, stderr }),
    )
  })
  t.equal(r.code, 1)
  t.match(r.stderr, `ecs-local: no Docker engine answers at unix://${socket}`)
  t.notOk(existsSync(join(stateDir, 'daemon.log')), 'no daemon was started')
})
