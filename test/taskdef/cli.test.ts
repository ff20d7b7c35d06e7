import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { CLI } from '../helpers/cli.js'
import { fixturePath, fixtureText, normalised } from './helpers.js'

// Drives the built CLI (npm run build first), as users run it.
function validate(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, [CLI, 'validate', ...args], {
    env: { ...process.env, ...opts.env },
    stdio: 'pipe',
  })
  child.stdin.end(opts.stdin ?? '')
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  )
}

t.test('validate --json: exit 0 and the normalised RegisterTaskDefinition input', async (t) => {
  const r = await validate([
    fixturePath('fargate-web.cfn.yaml'),
    '--json',
    '--region',
    'us-east-1',
    '--parameter',
    'ImageTag=1.4.2',
    '--parameter',
    'AWS::AccountId=111122223333',
  ])
  t.equal(r.code, 0, r.stderr)
  t.strictSame(JSON.parse(r.stdout), normalised('fargate-web.register.json'))
})

t.test('validate reads stdin with -', async (t) => {
  const r = await validate(['-', '--json'], { stdin: fixtureText('fargate-web.register.yaml') })
  t.equal(r.code, 0, r.stderr)
  t.strictSame(JSON.parse(r.stdout), normalised('fargate-web.register.json'))
})

t.test('validate without --json prints a summary naming the source and format', async (t) => {
  const r = await validate([
    fixturePath('fargate-web.tfplan.json'),
    '--resource',
    'module.web.aws_ecs_task_definition.this',
  ])
  t.equal(r.code, 0, r.stderr)
  t.match(
    r.stdout,
    /fargate-web\.tfplan\.json: valid \(Terraform plan, resource module\.web\.aws_ecs_task_definition\.this\)/,
  )
  t.match(r.stdout, /container envoy: public\.ecr\.aws\/appmesh/)
})

t.test('an invalid definition exits 2 and names the field', async (t) => {
  const r = await validate(['-', '--json'], {
    stdin: JSON.stringify({ family: 'web', containerDefinitions: [{ name: 'app' }] }),
  })
  t.equal(r.code, 2)
  t.equal(r.stdout, '')
  t.match(r.stderr, /invalid task definition: containerDefinitions\[0\] \(app\)\.image is required/)
})

t.test('unresolved intrinsics and ambiguity exit 2 with their paths and candidates', async (t) => {
  const unresolved = await validate([fixturePath('unresolved.cfn.yaml')])
  t.equal(unresolved.code, 2)
  t.match(unresolved.stderr, /Resources\.TaskDefinition\.Properties\.ContainerDefinitions\[0\]\.Image: Ref ImageTag/)
  const ambiguous = await validate([fixturePath('two-task-definitions.cfn.yaml')])
  t.equal(ambiguous.code, 2)
  t.match(ambiguous.stderr, /--resource: ApiTaskDefinition \(family orders-api\), WorkerTaskDefinition/)
  const badFlag = await validate([fixturePath('unresolved.cfn.yaml'), '--parameter', 'ImageTag'])
  t.equal(badFlag.code, 2)
  t.match(badFlag.stderr, /--parameter ImageTag: expected KEY=VALUE/)
})

t.test('a task definition name exits 2 with how to export it', async (t) => {
  const r = await validate(['orders-api:7'])
  t.equal(r.code, 2)
  t.match(
    r.stderr,
    /cannot fetch task definition orders-api:7: .*aws ecs describe-task-definition --task-definition orders-api:7 > td\.json/,
  )
})

t.test('validate loads no AWS SDK client and no fastify (the CLI stays light)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ecsl-imports-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const log = join(dir, 'imports.log')
  const recorder = fileURLToPath(new URL('./importRecorder.mjs', import.meta.url))
  const r = await validate(
    [
      fixturePath('cdk-api.template.json'),
      '--json',
      '--parameter',
      'AWS::AccountId=111122223333',
      '--parameter',
      'TaskDefapiLogGroupC2D38A6B=g',
      '--task-role-arn',
      'arn:aws:iam::111122223333:role/t',
      '--execution-role-arn',
      'arn:aws:iam::111122223333:role/e',
    ],
    {
      env: { NODE_OPTIONS: `--import=${recorder}`, ECSL_IMPORT_LOG: log },
    },
  )
  t.equal(r.code, 0, r.stderr)
  const modules = readFileSync(log, 'utf8').split('\n')
  t.ok(
    modules.some((m) => m.includes('/taskdef/cloudformation.js')),
    'the recorder saw the loader',
  )
  t.strictSame(
    modules.filter((m) => /@aws-sdk\/client-|\/fastify\//.test(m)),
    [],
  )
})
