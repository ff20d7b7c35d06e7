import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { staticImports } from '../helpers/staticImports.js'

// The CLI client path must stay light (issue 12): `run`, `validate`, `ps` and `stop` are clients of the daemon
// and must not load an AWS SDK client or fastify. Read from dist/ (what users run), following static imports only;
// a dynamic import() is the way a command loads what only it needs.

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist')

// undici too: its WebAssembly HTTP parser costs a CLI run ~50 MB and 0.6 s; only a cold start loads it (the
// engine probe, imported dynamically).
const HEAVY = (p: string): boolean =>
  p.startsWith('@aws-sdk/') || p === 'fastify' || p.startsWith('@smithy/') || p === 'undici' || p === 'dockerode'

for (const entry of ['cli/main.js', 'cli/run.js', 'cli/doctor.js', 'cli/policy.js']) {
  t.test(`dist/${entry} loads no AWS SDK, fastify, undici or dockerode`, async (t) => {
    const { files, packages } = staticImports(join(DIST, entry))
    t.ok(files.length > 1, `followed ${files.length} files`)
    t.strictSame([...packages].filter(HEAVY), [], `packages: ${[...packages].sort().join(', ')}`)
  })
}

t.test('the import follower sees what it should (it would catch a heavy import)', async (t) => {
  const { packages } = staticImports(join(DIST, 'daemon.js'))
  t.ok(packages.has('fastify') && packages.has('dockerode'), 'the daemon does load them')
})
