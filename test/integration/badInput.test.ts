import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { cli, newStateDir } from '../helpers/cli.js'

/** Containers and networks ecs-local made, as Docker lists them (by our label). */
function leftovers(): string {
  const containers = execFileSync('docker', ['ps', '-aq', '--filter', 'label=ecs-local']).toString().trim()
  return containers
}

const cases: Array<{ name: string; content?: string; expect: RegExp }> = [
  { name: 'not JSON', content: '{ "family": ', expect: /is not valid JSON/ },
  { name: 'no containerDefinitions', content: '{"family":"x"}', expect: /containerDefinitions is required/ },
  {
    name: 'a container without image',
    content: '{"family":"x","containerDefinitions":[{"name":"app"}]}',
    expect: /containerDefinitions\[0\] \(app\)\.image is required/,
  },
  {
    name: 'an unknown networkMode',
    content: '{"family":"x","networkMode":"overlay","containerDefinitions":[{"name":"app","image":"busybox"}]}',
    expect: /networkMode must be one of awsvpc, bridge, host, none \(got "overlay"\)/,
  },
  { name: 'a non-existent file', expect: /cannot read task definition file .*: no such file/ },
]

for (const c of cases) {
  t.test(`run rejects ${c.name}`, async (t) => {
    const dir = newStateDir()
    const file = join(dir, 'task.json')
    if (c.content !== undefined) writeFileSync(file, c.content)
    const before = leftovers()
    const r = await cli(['run', file, '--aws', 'local'], { ECS_LOCAL_STATE_DIR: dir })
    t.equal(r.code, 2, 'exit code 2 (bad input)')
    t.match(r.stderr, c.expect)
    t.equal(leftovers(), before, 'no container created')
    t.notOk(r.stderr.includes('at '), 'a message, not a stack trace')
  })
}

t.test('run rejects an unknown flag value with the allowed values', async (t) => {
  const r = await cli(['run', '--aws', 'cloud'])
  t.equal(r.code, 2)
  t.match(r.stderr, /--aws must be one of default, local \(got "cloud"\)/)
})
