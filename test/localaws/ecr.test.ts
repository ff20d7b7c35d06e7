import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import t from 'tap'
import { startLocalAws } from './helpers.js'

const ACCT = '111122223333'

t.test('GetAuthorizationToken returns base64("AWS:<password>") for 12 hours', async (t) => {
  const { client } = await startLocalAws(t, { accountId: ACCT, region: 'eu-west-1', ecrPassword: 'hunter2-registry' })
  const before = Math.floor(Date.now() / 1000)
  const out = await client(ECRClient).send(new GetAuthorizationTokenCommand({}))
  const data = out.authorizationData?.[0]
  t.equal(Buffer.from(data?.authorizationToken ?? '', 'base64').toString(), 'AWS:hunter2-registry')
  t.equal(data?.proxyEndpoint, `https://${ACCT}.dkr.ecr.eu-west-1.amazonaws.com`)
  const expires = (data?.expiresAt?.getTime() ?? 0) / 1000
  t.ok(expires >= before + 12 * 3600 && expires <= Date.now() / 1000 + 12 * 3600, 'expires in 12 h')
})

t.test('the proxy endpoint names the configured registry; the default password is random', async (t) => {
  const { client, local } = await startLocalAws(t, { ecrRegistry: '127.0.0.1:5000' })
  const out = await client(ECRClient).send(new GetAuthorizationTokenCommand({}))
  t.equal(out.authorizationData?.[0]?.proxyEndpoint, 'https://127.0.0.1:5000')
  t.match(local.ecrPassword, /^[\w-]{43}$/)
  const token = Buffer.from(out.authorizationData?.[0]?.authorizationToken ?? '', 'base64').toString()
  t.equal(token, `AWS:${local.ecrPassword}`)
  t.notOk(JSON.stringify(local.calls()).includes(local.ecrPassword), 'the call log never holds the password')
})

t.test('a role without ecr:GetAuthorizationToken is denied in the JSON error shape', async (t) => {
  const role = 'arn:aws:iam::000000000000:role/no-ecr'
  const { client, assume, local } = await startLocalAws(t, { seed: { roles: [{ arn: role, allow: ['logs:*'] }] } })
  const credentials = await assume(role, 'exec')
  await t.rejects(client(ECRClient, { credentials }).send(new GetAuthorizationTokenCommand({})), {
    name: 'AccessDeniedException',
    message:
      'User: arn:aws:sts::000000000000:assumed-role/no-ecr/exec is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action',
    $metadata: { httpStatusCode: 400 },
  })
  t.match(local.calls().at(-1), { service: 'ecr', action: 'GetAuthorizationToken', errorCode: 'AccessDeniedException' })
})
