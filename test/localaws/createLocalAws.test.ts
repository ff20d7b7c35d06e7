import t from 'tap'
import { createLogger } from '../../src/log.js'
import { createLocalAws } from '../../src/localaws/index.js'

const logger = createLogger({ destination: { write: () => undefined } })

t.test(createLocalAws.name, async (t) => {
  const local = createLocalAws({ logger })
  t.equal(local.accountId, '000000000000')
  t.equal(local.region, 'us-east-1')
  t.match(local.rootCredentials.accessKeyId, /^AKIA[A-Z2-7]{16}$/)
  t.equal(local.rootCredentials.secretAccessKey.length, 40)
  t.same(local.calls(), [])
  await local.app.close()
})

t.test(`${createLocalAws.name} refuses a bad configuration`, async (t) => {
  t.throws(() => createLocalAws({ logger, accountId: '42' }), { code: 'ECSL_ERR_CONFIG' })
  t.throws(() => createLocalAws({ logger, maxSessionSeconds: 0 }), { code: 'ECSL_ERR_CONFIG' })
  const bad = { roles: [{ arn: 'arn:aws:iam::9999:role/x' }] }
  t.throws(() => createLocalAws({ logger, seed: bad }), {
    code: 'ECSL_ERR_CONFIG',
    message:
      /seed roles\[0\]\.arn: arn:aws:iam::9999:role\/x must look like arn:<aws\|aws-cn\|aws-us-gov>:iam::<12 digits>:role/,
  })
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] }
  t.throws(
    () =>
      createLocalAws({ logger, seed: { roles: [{ arn: 'arn:aws:iam::111122223333:role/x', policies: [policy] }] } }),
    {
      code: 'ECSL_ERR_CONFIG',
      message: /seed roles\[0\]\.policies\[0\]: Statement\[0\]\.Effect must be "Allow" or "Deny"/,
    },
  )
  t.throws(
    () =>
      createLocalAws({
        logger,
        seed: {
          roles: [{ arn: 'arn:aws:iam::111122223333:role/x', policies: ['arn:aws:iam::111122223333:policy/none'] }],
        },
      }),
    {
      message:
        /seed roles\[0\]\.policies\[0\]: no managed policy arn:aws:iam::111122223333:policy\/none; declare it under managedPolicies/,
    },
  )
  t.throws(
    () =>
      createLocalAws({ logger, seed: { roles: [{ arn: 'arn:aws:iam::111122223333:role/x', trust: ['someone'] }] } }),
    {
      message: /seed roles\[0\]\.trust\[0\]: someone must be "\*", a 12-digit account id or an ARN/,
    },
  )
  t.throws(
    () =>
      createLocalAws({
        logger,
        seed: {
          accounts: [
            {
              id: '111122223333',
              secrets: [{ arn: 'arn:aws:secretsmanager:us-east-1:444455556666:secret:x', value: '' }],
            },
          ],
        },
      }),
    {
      message:
        /seed accounts\[0\]\.secrets\[0\] arn:aws:secretsmanager:us-east-1:444455556666:secret:x: .* names another account than the one it is listed under/,
    },
  )
})
