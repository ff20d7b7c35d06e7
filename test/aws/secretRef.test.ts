import t from 'tap'
import { arnRegion, parseSecretRef } from '../../src/aws/secretRef.js'

const SM = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf'

t.test(parseSecretRef.name, async (t) => {
  t.same(parseSecretRef(SM, 'us-east-1'), { kind: 'secretsmanager', region: 'eu-west-1', secretId: SM }, '7-part ARN')
  t.same(
    parseSecretRef(`${SM}:password:AWSPREVIOUS:`, 'us-east-1'),
    { kind: 'secretsmanager', region: 'eu-west-1', secretId: SM, jsonKey: 'password', versionStage: 'AWSPREVIOUS' },
    '10-part ARN, empty parts unset',
  )
  t.same(
    parseSecretRef(`${SM}:::v-1`, 'us-east-1'),
    { kind: 'secretsmanager', region: 'eu-west-1', secretId: SM, versionId: 'v-1' },
    'version id only',
  )
  t.same(parseSecretRef('/app/db', 'us-east-1'), { kind: 'ssm', region: 'us-east-1', name: '/app/db' }, 'SSM path')
  t.same(parseSecretRef('db:3', 'us-east-1'), { kind: 'ssm', region: 'us-east-1', name: 'db:3' }, 'name with version')
  const ssmArn = 'arn:aws:ssm:ap-south-1:111122223333:parameter/app/db'
  t.same(parseSecretRef(ssmArn, 'us-east-1'), { kind: 'ssm', region: 'ap-south-1', name: ssmArn }, 'SSM ARN')
})

t.test(`${parseSecretRef.name} rejects malformed ARNs with the accepted form`, async (t) => {
  t.throws(() => parseSecretRef(`${SM}:password`, 'r'), { message: /an invalid ARN format .*expected arn:aws:secrets/ })
  t.throws(() => parseSecretRef('arn:aws:secretsmanager:r:1:notsecret:x', 'r'), { message: /invalid ARN format/ })
  t.throws(() => parseSecretRef('arn:aws:ssm:r:1:document/x', 'r'), { message: /parameter\/<name>/ })
  t.throws(() => parseSecretRef('arn:aws:kms:r:1:key/x', 'r'), { message: /neither a Secrets Manager/ })
  t.throws(() => parseSecretRef('', 'r'), { message: /empty/ })
})

t.test(arnRegion.name, async (t) => {
  t.equal(arnRegion(SM), 'eu-west-1')
  t.equal(arnRegion('my-secret'), undefined, 'a name has no region: the task region applies')
})
