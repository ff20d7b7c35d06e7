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
  const foreign = { roles: [{ arn: 'arn:aws:iam::999999999999:role/x' }] }
  t.throws(() => createLocalAws({ logger, seed: foreign }), { code: 'ECSL_ERR_CONFIG', message: /must look like/ })
})
