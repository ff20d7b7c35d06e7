import t from 'tap'
import { actionMatches, wildcardMatch } from '../../../src/localaws/iam/wildcard.js'

t.test(actionMatches.name, async (t) => {
  t.ok(actionMatches('*', 'sts:AssumeRole'))
  t.ok(actionMatches('logs:*', 'logs:PutLogEvents'))
  t.ok(actionMatches('LOGS:putlogevents', 'logs:PutLogEvents'), 'case-insensitive, as IAM')
  t.ok(actionMatches('logs:Get?ogEvents', 'logs:GetLogEvents'))
  t.notOk(actionMatches('logs:*', 'sts:AssumeRole'))
  t.notOk(actionMatches('logs:Get*', 'logs:PutLogEvents'))
  t.notOk(actionMatches('s3:Get.bject', 's3:GetObject'), 'a dot is a dot, not a regex wildcard')
})

t.test(wildcardMatch.name, async (t) => {
  t.ok(wildcardMatch('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c'), '* crosses slashes')
  t.ok(
    wildcardMatch('arn:aws:logs:*:*:log-group:/ecs/app:*', 'arn:aws:logs:us-east-1:1:log-group:/ecs/app:log-stream:x'),
  )
  t.notOk(wildcardMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/k'), 'resources are case-sensitive')
  t.ok(wildcardMatch('arn:aws:s3:::b/??.env', 'arn:aws:s3:::b/ab.env'))
  t.notOk(wildcardMatch('arn:aws:s3:::b/??.env', 'arn:aws:s3:::b/a.env'), '? is exactly one character')
  t.ok(wildcardMatch('a\nb', 'a\nb'), 'a newline is just a character')
})
