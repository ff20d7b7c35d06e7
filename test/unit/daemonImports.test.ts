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

// The embedded local AWS loads a service's module on the service's first request (localaws/lazyServices.ts).
t.test('dist/daemon.js imports no local AWS service module statically, nor their XML builder', async (t) => {
  const { files, packages } = staticImports(join(DIST, 'daemon.js'))
  t.ok(
    files.some((f) => f.endsWith('/localaws/index.js')),
    'the follower reaches the local AWS',
  )
  t.strictSame(
    files.filter((f) => /\/localaws\/(sts|ecr|logs|secretsmanager|ssm|s3)\/service\.js$/.test(f)),
    [],
  )
  t.notOk(packages.has('fast-xml-parser'), 'fast-xml-parser (STS and S3 replies) loads with those services')
})
