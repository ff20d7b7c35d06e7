import t from 'tap'
import { actionMatches, allowListPermits } from '../../src/localaws/policy.js'

t.test(actionMatches.name, async (t) => {
  t.ok(actionMatches('*', 'sts:AssumeRole'))
  t.ok(actionMatches('logs:*', 'logs:PutLogEvents'))
  t.ok(actionMatches('LOGS:putlogevents', 'logs:PutLogEvents'), 'case-insensitive, as IAM')
  t.ok(actionMatches('logs:Get?ogEvents', 'logs:GetLogEvents'))
  t.notOk(actionMatches('logs:*', 'sts:AssumeRole'))
  t.notOk(actionMatches('logs:Get*', 'logs:PutLogEvents'))
  t.notOk(actionMatches('s3:Get.bject', 's3:GetObject'), 'a dot is a dot, not a regex wildcard')
})

t.test(allowListPermits.name, async (t) => {
  t.ok(allowListPermits(['ecr:GetAuthorizationToken', 'logs:*'], 'logs:CreateLogStream'))
  t.notOk(allowListPermits([], 'sts:GetCallerIdentity'))
})
