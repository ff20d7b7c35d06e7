import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { staticImports } from '../helpers/staticImports.js'

// The daemon loads what a task uses when it first uses it (issue 12, P4): no AWS SDK package at start (each
// costs megabytes). Read from dist/, as users run it; test/aws/lazyClients.test.ts shows what loads at run time.

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist')

t.test('dist/daemon.js imports no AWS SDK package statically', async (t) => {
  const { files, packages } = staticImports(join(DIST, 'daemon.js'))
  t.ok(files.length > 50, `followed ${files.length} files`)
  t.strictSame(
    [...packages].filter((p) => p.startsWith('@aws-sdk/')),
    [],
    `packages: ${[...packages].sort().join(', ')}`,
  )
})
