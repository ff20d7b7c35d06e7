import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import t from 'tap'
import { CLI } from '../helpers/cli.js'

t.test('the built bin runs by itself (npx ecs-local executes it directly)', async (t) => {
  const { stdout } = await promisify(execFile)(CLI, ['version'])
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  t.equal(stdout.trim(), pkg.version)
})
