import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts'
import type { HttpRequest } from '@smithy/types'
import t from 'tap'
import { asIdentity, startLocalAws } from './helpers.js'

const ROLE = 'arn:aws:iam::000000000000:role/app-task'

/** Rewrites the body after the SDK signed it, as a man in the middle would. */
function tamperAfterSigning(client: STSClient, edit: (body: string) => string): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as HttpRequest
      request.body = edit(String(request.body))
      return next(args)
    },
    // the deserialize step runs after finalizeRequest, where the SDK signs
    { step: 'deserialize', name: 'tamperAfterSigning' },
  )
}

t.test('a request signed with an issued key is accepted', async (t) => {
  const { sts } = await startLocalAws(t)
  const out = await sts().send(new GetCallerIdentityCommand({}))
  t.equal(out.Arn, 'arn:aws:iam::000000000000:user/ecs-local')
})

t.test('a body changed after signing is rejected with SignatureDoesNotMatch', async (t) => {
  const { sts } = await startLocalAws(t)
  const client = sts()
  // same length, so Content-Length still holds and only the signature can tell
  tamperAfterSigning(client, (body) => body.replace('RoleSessionName=alice', 'RoleSessionName=mallo'))
  await t.rejects(client.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'alice' })), {
    name: 'SignatureDoesNotMatch',
    message: /The request signature we calculated does not match the signature you provided/,
    $metadata: { httpStatusCode: 403 },
  })
})

t.test('a wrong secret is rejected with SignatureDoesNotMatch', async (t) => {
  const { sts, local } = await startLocalAws(t)
  const client = sts({ accessKeyId: local.rootCredentials.accessKeyId, secretAccessKey: 'not-the-secret' })
  await t.rejects(client.send(new GetCallerIdentityCommand({})), {
    name: 'SignatureDoesNotMatch',
    $metadata: { httpStatusCode: 403 },
  })
})

t.test('an unknown access key is rejected with InvalidClientTokenId', async (t) => {
  const { sts } = await startLocalAws(t)
  const client = sts({
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  })
  await t.rejects(client.send(new GetCallerIdentityCommand({})), {
    name: 'InvalidClientTokenId',
    message: 'The security token included in the request is invalid.',
    $metadata: { httpStatusCode: 403 },
  })
})

t.test('a signature dated more than 15 minutes off is rejected', async (t) => {
  const { sts } = await startLocalAws(t)
  // the SDK signs with its clock plus this offset: 20 minutes in the past
  const client = sts(undefined, { systemClockOffset: -20 * 60 * 1000 })
  await t.rejects(client.send(new GetCallerIdentityCommand({})), {
    name: 'SignatureDoesNotMatch',
    message: /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    $metadata: { httpStatusCode: 403 },
  })
})

t.test('a session key with a wrong or missing session token is rejected', async (t) => {
  const { sts } = await startLocalAws(t)
  const assumed = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'task' }))
  const good = asIdentity(assumed.Credentials)
  for (const sessionToken of [`${good.sessionToken}x`, undefined]) {
    await t.rejects(sts({ ...good, sessionToken }).send(new GetCallerIdentityCommand({})), {
      name: 'InvalidClientTokenId',
      $metadata: { httpStatusCode: 403 },
    })
  }
})

t.test('an expired session is rejected with ExpiredToken', async (t) => {
  const { sts } = await startLocalAws(t, { maxSessionSeconds: 1 })
  const assumed = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'short' }))
  const session = sts(asIdentity(assumed.Credentials))
  await new Promise((resolve) => setTimeout(resolve, 1100))
  await t.rejects(session.send(new GetCallerIdentityCommand({})), {
    name: 'ExpiredToken',
    message: 'The security token included in the request is expired',
    $metadata: { httpStatusCode: 403 },
  })
})
