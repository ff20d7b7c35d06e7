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

// The daemon takes task definitions as JSON over the control socket: YAML, CloudFormation and Terraform input
// are read by the CLI (taskdef/input.ts), so the daemon's control server imports validation and overrides only.
t.test('dist/daemon.js loads no task definition reader (yaml)', async (t) => {
  const { files, packages } = staticImports(join(DIST, 'daemon.js'))
  t.ok(
    files.some((f) => f.endsWith('/taskdef/validate.js')),
    'the follower reaches taskdef/',
  )
  t.notOk(packages.has('yaml'))
  t.strictSame(
    files.filter((f) => /\/taskdef\/(index|input|load|yaml)\.js$/.test(f)),
    [],
  )
})
