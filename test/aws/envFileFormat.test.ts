import t from 'tap'
import { parseEnvFile, parseEnvFileArn, validateEnvironmentFiles } from '../../src/aws/envFileFormat.js'

t.test(parseEnvFile.name, async (t) => {
  const text = [
    '# comment=skipped',
    'NO_EQUALS_SKIPPED',
    'A=1=2',
    'QUOTED="kept as is" ',
    ' SPACED = x',
    '=empty name skipped',
    'EMPTY=',
    'CRLF=yes\r',
    'DUP=first',
    'DUP=second',
    '',
  ].join('\n')
  t.same(
    [...parseEnvFile(text)],
    [
      ['A', '1=2'],
      ['QUOTED', '"kept as is" '],
      [' SPACED ', ' x'],
      ['EMPTY', ''],
      ['CRLF', 'yes'],
      ['DUP', 'second'],
    ],
    'comments and lines without = skipped, split at the first =, verbatim, later line wins in a file',
  )
})

t.test(parseEnvFileArn.name, async (t) => {
  t.same(parseEnvFileArn('arn:aws:s3:::bucket/dir/app.env'), { bucket: 'bucket', key: 'dir/app.env' })
  t.throws(() => parseEnvFileArn('arn:aws:s3:::bucket/app.txt'), { message: /\.env file extension/ })
  t.throws(() => parseEnvFileArn('s3://bucket/app.env'), { message: /invalid s3 arn.*expected arn:aws:s3:::/ })
})

t.test(validateEnvironmentFiles.name, async (t) => {
  const file = (i: number) => ({ type: 's3' as const, value: `arn:aws:s3:::b/${i}.env` })
  t.equal(validateEnvironmentFiles(Array.from({ length: 10 }, (_, i) => file(i))).length, 10, 'ten allowed')
  t.throws(() => validateEnvironmentFiles(Array.from({ length: 11 }, (_, i) => file(i))), { message: /at most 10/ })
  t.throws(() => validateEnvironmentFiles([{ type: 'http' as never, value: 'x' }]), { message: /allowed: s3/ })
})
