import { GetParameterCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import t from 'tap'
import { startLocalAws } from './helpers.js'

const ACCT = '111122223333'
const ARN = `arn:aws:ssm:us-east-1:${ACCT}:parameter`

t.test('PutParameter versions values; GetParameter reads by name, ARN and version', async (t) => {
  const { client } = await startLocalAws(t, { accountId: ACCT })
  const ssm = client(SSMClient)
  t.match(await ssm.send(new PutParameterCommand({ Name: '/app/db/url', Value: 'v1', Type: 'String' })), {
    Version: 1,
    Tier: 'Standard',
  })
  await t.rejects(ssm.send(new PutParameterCommand({ Name: '/app/db/url', Value: 'v2', Type: 'String' })), {
    name: 'ParameterAlreadyExists',
    $metadata: { httpStatusCode: 400 },
  })
  t.equal((await ssm.send(new PutParameterCommand({ Name: '/app/db/url', Value: 'v2', Overwrite: true }))).Version, 2)
  const byName = await ssm.send(new GetParameterCommand({ Name: '/app/db/url' }))
  t.match(byName.Parameter, { Name: '/app/db/url', Value: 'v2', Version: 2, Type: 'String', ARN: `${ARN}/app/db/url` })
  const byArn = await ssm.send(new GetParameterCommand({ Name: `${ARN}/app/db/url` }))
  t.equal(byArn.Parameter?.Name, '/app/db/url')
  t.equal((await ssm.send(new GetParameterCommand({ Name: '/app/db/url:1' }))).Parameter?.Value, 'v1')
  await t.rejects(ssm.send(new GetParameterCommand({ Name: '/app/missing' })), {
    name: 'ParameterNotFound',
    $metadata: { httpStatusCode: 400 },
  })
  await t.rejects(ssm.send(new GetParameterCommand({ Name: 'app/db' })), {
    name: 'ValidationException',
    message: /sub-paths divided by slash symbol/,
  })
})

t.test('a one-level name is the same with or without a leading slash; its ARN has none', async (t) => {
  const { client } = await startLocalAws(t, { accountId: ACCT })
  const ssm = client(SSMClient)
  await ssm.send(new PutParameterCommand({ Name: 'plain', Value: 'p', Type: 'String' }))
  const slashed = await ssm.send(new GetParameterCommand({ Name: '/plain' }))
  t.match(slashed.Parameter, { Name: '/plain', Value: 'p', ARN: `${ARN}/plain` })
  t.equal((await ssm.send(new GetParameterCommand({ Name: `${ARN}/plain` }))).Parameter?.Name, 'plain')
})

t.test('GetParameters: at most 10 names, unknown ones listed, SecureString decrypted on request', async (t) => {
  const seed = {
    parameters: [
      { name: '/app/password', value: 'hunter2', type: 'SecureString' as const },
      { name: '/app/hosts', value: 'a,b', type: 'StringList' as const },
    ],
  }
  const { client } = await startLocalAws(t, { accountId: ACCT, seed })
  const ssm = client(SSMClient)
  const Names = ['/app/password', `${ARN}/app/hosts`, '/app/nope']
  const out = await ssm.send(new GetParametersCommand({ Names, WithDecryption: true }))
  t.same(
    out.Parameters?.map((p) => [p.Name, p.Type, p.Value]),
    [
      ['/app/password', 'SecureString', 'hunter2'],
      ['/app/hosts', 'StringList', 'a,b'],
    ],
  )
  t.same(out.InvalidParameters, ['/app/nope'])
  const sealed = await ssm.send(new GetParametersCommand({ Names: ['/app/password'] }))
  t.not(sealed.Parameters?.[0]?.Value, 'hunter2', 'without WithDecryption the value stays encrypted')
  const eleven = Array.from({ length: 11 }, (_, i) => `/p${i}`)
  await t.rejects(ssm.send(new GetParametersCommand({ Names: eleven })), {
    name: 'ValidationException',
    message: /at 'names' failed to satisfy constraint: Member must have length less than or equal to 10/,
  })
})
