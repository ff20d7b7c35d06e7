import t from 'tap'
import { ERRORS } from '../../src/errors.js'
import { exitCode, report, toJson, toText } from '../../src/doctor/report.js'
import { fail, ok, skip, warn, type CheckResult } from '../../src/doctor/result.js'
import { runChecks } from '../../src/doctor/runChecks.js'
import { awsError, config, ECR_IMAGE, fakeProbes, NOW, sysError, taskDefinition } from './fakeProbes.js'

const loaded = (def = taskDefinition()) => ({ source: 'td.json', ok: true as const, value: def })
const names = (checks: CheckResult[]) => checks.map((c) => c.name)

t.test(`${runChecks.name}: a healthy host and task, every check in the order a task meets them`, async (t) => {
  const checks = await runChecks(fakeProbes(), { config: config(), taskDefinition: loaded() })
  t.same(names(checks), [
    'daemon',
    'engine',
    'network',
    'endpoint',
    'task-definition',
    'base-credentials',
    'task-role',
    'execution-role',
    'ecr eu-west-1',
    'clock',
  ])
  t.same(
    checks.filter((c) => c.status !== 'ok'),
    [],
  )
  t.equal(exitCode(checks), 0)
})

t.test(`${runChecks.name}: without a TASKDEF, the host checks only`, async (t) => {
  const checks = await runChecks(fakeProbes(), { config: config() })
  t.same(names(checks), ['daemon', 'engine', 'network', 'endpoint', 'base-credentials', 'clock'])
})

t.test(`${runChecks.name}: a TASKDEF that does not load is a failure, and the host is still checked`, async (t) => {
  const error = new ERRORS.ECSL_ERR_TASKDEF_INVALID('containerDefinitions[0] (app).image is required')
  const checks = await runChecks(fakeProbes(), {
    config: config(),
    taskDefinition: { source: 'td.json', ok: false, error },
  })
  const td = checks.find((c) => c.name === 'task-definition')
  t.match(td, {
    status: 'FAIL',
    code: 'ECSL_ERR_TASKDEF_INVALID',
    detail: 'invalid task definition: containerDefinitions[0] (app).image is required',
    fix: /docs\/errors.md#ecsl_err_taskdef_invalid.*ecs-local validate td.json/,
  })
  t.same(names(checks), ['daemon', 'engine', 'network', 'endpoint', 'task-definition', 'base-credentials', 'clock'])
  t.equal(exitCode(checks), 1)
})

t.test(`${runChecks.name}: --aws local asks STS nothing`, async (t) => {
  let asked = 0
  const probes = fakeProbes({ callerIdentity: async () => (asked++, { ok: false, error: new Error('not asked') }) })
  const checks = await runChecks(probes, { config: config({ aws: 'local' }), taskDefinition: loaded() })
  t.equal(asked, 0)
  t.same(probes.recorded.assumed, [])
  t.match(
    checks.find((c) => c.name === 'base-credentials'),
    { status: 'ok', detail: /no base credentials needed/ },
  )
  t.match(
    checks.find((c) => c.name === 'task-role'),
    { status: 'skip' },
  )
  t.match(
    checks.find((c) => c.name === 'clock'),
    { status: 'ok', detail: /the Docker engine's clock/ },
  )
})

t.test(`${runChecks.name}: no engine, no STS: what can still be said`, async (t) => {
  const probes = fakeProbes({
    engine: () => Promise.reject(sysError('ENOENT', 'connect ENOENT /var/run/docker.sock')),
    bind: async () => ({ ok: false, code: 'EADDRNOTAVAIL', message: 'listen EADDRNOTAVAIL' }),
    callerIdentity: async () => ({ ok: false, error: sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9') }),
  })
  const checks = await runChecks(probes, { config: config(), taskDefinition: loaded() })
  const status = Object.fromEntries(checks.map((c) => [c.name, c.status]))
  t.same(status, {
    daemon: 'ok',
    engine: 'FAIL',
    network: 'skip',
    endpoint: 'skip',
    'task-definition': 'ok',
    'base-credentials': 'FAIL',
    'task-role': 'skip',
    'execution-role': 'skip',
    'ecr eu-west-1': 'ok',
    clock: 'skip',
  })
})

t.test(
  `${runChecks.name}: the clock is compared with STS's Date on arrival, however long the rest takes`,
  async (t) => {
    let calls = 0
    // Arrivals are timed first; every later reading is ten minutes on, as if the other checks were slow.
    const now = () => new Date(NOW.getTime() + (calls++ < 2 ? 0 : 600_000))
    const checks = await runChecks(fakeProbes({ now }), { config: config() })
    t.match(checks.at(-1), { name: 'clock', status: 'ok', detail: "within 0 s of STS's clock" })
  },
)

t.test(
  `${runChecks.name}: STS's clock first (SigV4 is judged by it), the engine's when STS did not answer`,
  async (t) => {
    const skewed = fakeProbes({
      callerIdentity: async () => ({
        ok: false,
        error: awsError('SignatureDoesNotMatch', 'Signature expired', 403),
        date: new Date(NOW.getTime() - 6 * 60_000),
      }),
    })
    t.match((await runChecks(skewed, { config: config() })).at(-1), { status: 'FAIL', detail: /6 min ahead of STS's/ })
    const engineOnly = fakeProbes({
      callerIdentity: async () => ({ ok: false, error: sysError('ECONNREFUSED') }),
      engine: async () => ({ version: '27.0.1', apiVersion: '1.46', systemTime: new Date(NOW.getTime() + 40_000) }),
    })
    t.match((await runChecks(engineOnly, { config: config() })).at(-1), {
      status: 'warn',
      detail: /40 s behind the Docker engine's/,
    })
  },
)

t.test(`${runChecks.name}: an ECR image without an execution role fails as run would`, async (t) => {
  const def = taskDefinition({ executionRoleArn: undefined })
  const checks = await runChecks(fakeProbes(), { config: config(), taskDefinition: loaded(def) })
  t.match(
    checks.find((c) => c.name === 'execution-role'),
    {
      status: 'FAIL',
      code: 'ECSL_ERR_TASKDEF_INVALID',
      detail: new RegExp(`ECR image ${ECR_IMAGE.replace(/\./g, '\\.')}`),
    },
  )
})

t.test('no secret reaches the report, whatever a probe hands back', async (t) => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
  const probes = fakeProbes({
    // A careless probe passing STS's whole answer: the checks read the session's ARN only.
    assumeRole: async () =>
      ({
        ok: true,
        value: {
          AssumedRoleUser: {
            Arn: 'arn:aws:sts::111122223333:assumed-role/app-task/ecs-local-doctor',
            AssumedRoleId: 'x',
          },
          Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: secret, SessionToken: 'token', Expiration: NOW },
        },
      }) as never,
  })
  const checks = await runChecks(probes, { config: config(), taskDefinition: loaded() })
  for (const out of [toJson(checks), toText(checks)]) {
    t.notMatch(out, secret)
    t.notMatch(out, 'ASIAEXAMPLE')
  }
})

const sample: CheckResult[] = [
  ok('engine', 'Docker Engine 20.10.24'),
  warn('endpoint', 'cannot bind 169.254.170.2:80', 'run the daemon as root'),
  fail('network', 'network x overlaps 169.254.170.0/24', 'docker network rm x\ndocker network rm y', {
    code: 'ECSL_ERR_NETWORK',
  }),
  skip('task-role', 'no taskRoleArn in the task definition'),
]

t.test(`${toText.name}: one line per check, an indented fix for each warn and FAIL, a count`, async (t) => {
  t.equal(
    toText(sample),
    [
      'ok    engine     Docker Engine 20.10.24',
      'warn  endpoint   cannot bind 169.254.170.2:80',
      '      fix: run the daemon as root',
      'FAIL  network    network x overlaps 169.254.170.0/24',
      '      fix: docker network rm x',
      '           docker network rm y',
      'skip  task-role  no taskRoleArn in the task definition',
      '',
      '1 ok, 1 warn, 1 FAIL, 1 skip',
      '',
    ].join('\n'),
  )
})

t.test(`${toJson.name}: one document, { checks: [{ name, status, detail, fix? }], ok }`, async (t) => {
  const doc = JSON.parse(toJson(sample)) as ReturnType<typeof report>
  t.equal(doc.ok, false)
  t.same(Object.keys(doc), ['checks', 'ok'])
  t.same(doc.checks[0], { name: 'engine', status: 'ok', detail: 'Docker Engine 20.10.24' })
  t.same(doc.checks[2], {
    name: 'network',
    status: 'FAIL',
    detail: 'network x overlaps 169.254.170.0/24',
    fix: 'docker network rm x\ndocker network rm y',
    code: 'ECSL_ERR_NETWORK',
  })
  for (const c of doc.checks)
    t.equal('fix' in c, c.status === 'warn' || c.status === 'FAIL', `${c.name}: fix only on warn and FAIL`)
})

t.test(`${exitCode.name}: 1 when any check FAILed, else 0 (warnings and skips pass)`, async (t) => {
  t.equal(exitCode(sample), 1)
  t.equal(exitCode(sample.filter((c) => c.status !== 'FAIL')), 0)
  t.equal(report(sample.filter((c) => c.status !== 'FAIL')).ok, true)
  t.equal(exitCode([]), 0)
})
