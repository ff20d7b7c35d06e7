import t from 'tap'
import { checkBaseCredentials } from '../../src/doctor/checks/baseCredentials.js'
import { checkClock } from '../../src/doctor/checks/clock.js'
import type { AwsOutcome } from '../../src/doctor/probes.js'
import type { GetCallerIdentityResponse } from '@aws-sdk/client-sts'
import { awsError, CALLER, config, NOW, sysError } from './fakeProbes.js'

type Caller = AwsOutcome<GetCallerIdentityResponse>
const failed = (error: unknown, endpoint?: string): Caller => ({ ok: false, error, ...(endpoint && { endpoint }) })
const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
  name: 'CredentialsProviderError',
})

t.test('--aws local needs no base credentials', async (t) => {
  t.match(checkBaseCredentials(config({ aws: 'local' }), undefined, true), {
    name: 'base-credentials',
    status: 'ok',
    detail: 'embedded local AWS (--aws local): no base credentials needed',
  })
})

t.test('who the base credentials are (never the keys)', async (t) => {
  const caller: Caller = { ok: true, value: { Arn: CALLER, Account: '111122223333', UserId: 'AIDAEXAMPLE' } }
  const r = checkBaseCredentials(config(), caller, undefined)
  t.match(r, { status: 'ok', detail: `${CALLER} (account 111122223333, from the SDK default chain, region us-east-1)` })
  t.notMatch(r.detail, 'AIDAEXAMPLE')
  t.match(checkBaseCredentials(config({ profile: 'dev' }), caller, undefined).detail, 'from profile dev')
})

t.test('no base credentials: a failure naming how to get some', async (t) => {
  const r = checkBaseCredentials(config(), failed(noCredentials), undefined)
  t.match(r, { status: 'FAIL' })
  t.equal(r.code, undefined, 'no TASKDEF: no run error to name')
  t.match(
    r.detail,
    'no base credentials from the SDK default chain: CredentialsProviderError: Could not load credentials from any providers',
  )
  t.match(r.fix, 'aws configure')
  t.match(r.fix, 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY')
  t.match(r.fix, 'without an AWS account, use --aws local')
})

t.test('no base credentials for a task with roles: run would fail assuming them', async (t) => {
  t.match(checkBaseCredentials(config(), failed(noCredentials), true), { status: 'FAIL', code: 'ECSL_ERR_ASSUME_ROLE' })
})

t.test('no base credentials for a task without roles: only a warning', async (t) => {
  const r = checkBaseCredentials(config(), failed(noCredentials), false)
  t.match(r, { status: 'warn', detail: /this task definition names no role/ })
  t.ok(r.fix)
})

t.test('a profile that yields nothing: where profiles live, and SSO login', async (t) => {
  const e = Object.assign(new Error('Could not resolve credentials using profile: [dev]'), {
    name: 'CredentialsProviderError',
  })
  const r = checkBaseCredentials(config({ profile: 'dev' }), failed(e), undefined)
  t.match(r.detail, 'no base credentials from profile dev')
  t.match(
    r.fix,
    'check that profile dev exists in ~/.aws/config or ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE)',
  )
  t.match(r.fix, 'aws sso login --profile dev')
})

t.test('AWS answers, but refuses the credentials', async (t) => {
  const cases: Array<[Error, RegExp, RegExp]> = [
    [
      awsError('ExpiredToken', 'The security token included in the request is expired', 403),
      /have expired/,
      /aws sso login/,
    ],
    [
      awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
      /does not know the access key/,
      /aws configure list/,
    ],
    [
      awsError('SignatureDoesNotMatch', 'Signature expired: 20300101T110000Z is now earlier than ...', 403),
      /refuses the request's time/,
      /see clock/,
    ],
    [
      awsError(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
        403,
      ),
      /secret key .* does not match/,
      /replace the secret access key/,
    ],
    [
      awsError('RegionDisabledException', 'STS is not activated in this region', 403),
      /GetCallerIdentity failed/,
      /aws sts get-caller-identity/,
    ],
  ]
  for (const [e, detail, fix] of cases) {
    const r = checkBaseCredentials(config(), failed(e), undefined)
    t.match(r, { status: 'FAIL', detail, fix }, e.name)
  }
})

t.test('STS unreachable: the network, with the host the SDK resolved', async (t) => {
  const r = checkBaseCredentials(
    config(),
    failed(sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'http://127.0.0.1:9'),
    undefined,
  )
  t.match(r, { status: 'FAIL', detail: 'STS does not answer at 127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9' })
  t.match(r.fix, 'check proxy/VPN/DNS for 127.0.0.1:9')
  const timeout = Object.assign(new Error('no answer'), { name: 'TimeoutError' })
  t.match(checkBaseCredentials(config({ region: 'eu-west-1' }), failed(timeout), undefined), {
    status: 'FAIL',
    fix: /^check proxy\/VPN\/DNS for sts.eu-west-1.amazonaws.com/,
  })
  // Node's happy-eyeballs connect: an AggregateError with an empty message, the code on it.
  const aggregate = Object.assign(
    new AggregateError([sysError('ENETUNREACH', 'connect ENETUNREACH 52.94.0.1:443')], ''),
    {
      code: 'ENETUNREACH',
    },
  )
  t.match(checkBaseCredentials(config(), failed(aggregate), undefined).detail, 'connect ENETUNREACH 52.94.0.1:443')
})

t.test(`${checkClock.name}: within 30 s is ok, past it a warning, past 5 min a failure`, async (t) => {
  const at = (ms: number) => ({ source: 'STS', remote: NOW, at: new Date(NOW.getTime() + ms) })
  t.match(checkClock(at(800)), { name: 'clock', status: 'ok', detail: "within 1 s of STS's clock" })
  const ahead = checkClock(at(45_000))
  t.match(ahead, {
    status: 'warn',
    detail: "this clock is 45 s ahead of STS's: past 5 min AWS refuses signed requests",
  })
  t.match(ahead.fix, 'timedatectl set-ntp true')
  const behind = checkClock(at(-7 * 60_000))
  t.match(behind, {
    status: 'FAIL',
    detail: "this clock is 7 min behind STS's: AWS refuses requests signed more than 5 min off",
  })
  t.match(behind.fix, 'chronyc makestep')
  t.match(checkClock(undefined), { status: 'skip', detail: /nothing to compare with/ })
})
