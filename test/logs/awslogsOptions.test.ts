import t from 'tap'
import { awsLogsStreamName, parseAwsLogsOptions, type AwsLogsContext } from '../../src/logs/awslogsOptions.js'
import { parseByteSize, parseGoBool } from '../../src/logs/dockerValues.js'
import { classifyLogDriver } from '../../src/logs/logDriver.js'

const fargate: AwsLogsContext = { containerName: 'web', taskId: 'abc123', region: 'eu-west-1', launchType: 'FARGATE' }
const ec2: AwsLogsContext = { ...fargate, launchType: 'EC2' }
const base = { 'awslogs-group': '/ecs/app', 'awslogs-stream-prefix': 'ecs' }

t.test(`${parseAwsLogsOptions.name}: defaults`, async (t) => {
  const o = parseAwsLogsOptions(base, fargate)
  t.match(o, {
    group: '/ecs/app',
    region: 'eu-west-1',
    stream: 'ecs/web/abc123',
    createGroup: false,
    createStream: true,
    mode: 'non-blocking',
    maxBufferBytes: 10 * 1024 * 1024,
    multiline: undefined,
    flushIntervalMs: 5000,
    endpoint: undefined,
    warnings: [],
  })
})

t.test(`${parseAwsLogsOptions.name}: every option honoured`, async (t) => {
  const o = parseAwsLogsOptions(
    {
      ...base,
      'awslogs-region': 'us-east-2',
      'awslogs-create-group': 'true',
      'awslogs-create-stream': 'False',
      'awslogs-multiline-pattern': '^INFO',
      'awslogs-force-flush-interval-seconds': '2',
      'awslogs-endpoint': 'http://localhost:4566',
      mode: 'non-blocking',
      'max-buffer-size': '25m',
    },
    fargate,
  )
  t.match(o, { region: 'us-east-2', createGroup: true, createStream: false, flushIntervalMs: 2000 })
  t.match(o, { endpoint: 'http://localhost:4566', maxBufferBytes: 25 * 2 ** 20 })
  t.ok(o.multiline?.test('INFO x'))
  t.equal(parseAwsLogsOptions({ ...base, mode: 'blocking' }, fargate).mode, 'blocking')
  t.equal(parseAwsLogsOptions(base, { ...fargate, defaultMode: 'blocking' }).mode, 'blocking', 'account default')
})

t.test(`${parseAwsLogsOptions.name}: stream names`, async (t) => {
  t.equal(parseAwsLogsOptions({ 'awslogs-group': 'g' }, ec2).stream, undefined, 'EC2 without prefix')
  t.equal(awsLogsStreamName({ stream: undefined }, 'f'.repeat(64)), 'f'.repeat(64), 'Docker names it by container id')
  t.equal(awsLogsStreamName(parseAwsLogsOptions(base, ec2), 'id'), 'ecs/web/abc123')
  t.equal(parseAwsLogsOptions({ 'awslogs-group': 'g', 'awslogs-stream': 'mine' }, ec2).stream, 'mine')
})

t.test(`${parseAwsLogsOptions.name}: datetime format becomes the multiline pattern`, async (t) => {
  const o = parseAwsLogsOptions({ ...base, 'awslogs-datetime-format': '%Y-%m-%d %Q' }, fargate)
  t.ok(o.multiline?.test('2024-01-31 x'))
  t.notOk(o.multiline?.test('  at x'))
  t.match(o.warnings, [/awslogs-datetime-format: %Q/])
})

t.test(`${parseAwsLogsOptions.name}: ignored Docker options are accepted with a warning`, async (t) => {
  const o = parseAwsLogsOptions({ ...base, tag: '{{.Name}}', 'awslogs-credentials-endpoint': '/creds' }, fargate)
  t.match(o.warnings, [/tag is ignored/, /awslogs-credentials-endpoint is ignored/])
})

t.test(`${parseAwsLogsOptions.name}: errors name the option`, async (t) => {
  const cases: [Record<string, string>, AwsLogsContext, RegExp][] = [
    [{ 'awslogs-stream-prefix': 'p' }, fargate, /awslogs-group is required/],
    [{ 'awslogs-group': 'a:b', 'awslogs-stream-prefix': 'p' }, fargate, /awslogs-group may hold only/],
    [{ 'awslogs-group': 'g' }, fargate, /awslogs-stream-prefix is required on Fargate/],
    [{ 'awslogs-group': 'g', 'awslogs-stream': 's' }, fargate, /awslogs-stream-prefix is required on Fargate/],
    [{ ...base, 'awslogs-stream': 's' }, ec2, /awslogs-stream cannot be set with a prefix/],
    [{ ...base, 'awslogs-stream-prefix': 'a*b' }, ec2, /awslogs-stream-prefix may not hold/],
    [{ ...base, 'awslogs-create-group': 'yes' }, fargate, /awslogs-create-group must be true or false, got "yes"/],
    [
      { ...base, 'awslogs-datetime-format': '%Y', 'awslogs-multiline-pattern': 'x' },
      fargate,
      /awslogs-datetime-format cannot be set together with awslogs-multiline-pattern/,
    ],
    [{ ...base, 'awslogs-multiline-pattern': '(' }, fargate, /awslogs-multiline-pattern is not a valid regular/],
    [{ ...base, mode: 'async' }, fargate, /mode must be blocking or non-blocking/],
    [{ ...base, mode: 'blocking', 'max-buffer-size': '1m' }, fargate, /max-buffer-size needs mode non-blocking/],
    [{ ...base, 'max-buffer-size': '10 quintillion' }, fargate, /max-buffer-size must be a size/],
    [{ ...base, 'awslogs-force-flush-interval-seconds': '0' }, fargate, /force-flush-interval-seconds must be a pos/],
    [{ ...base, 'awslogs-endpoint': 'localhost' }, fargate, /awslogs-endpoint must be a URL/],
    [{ ...base, 'awslogs-regoin': 'x' }, fargate, /awslogs-regoin is not known; known options: awslogs-group/],
  ]
  for (const [options, ctx, message] of cases) {
    t.throws(() => parseAwsLogsOptions(options, ctx), { code: 'ECSL_ERR_TASKDEF_INVALID', message }, String(message))
  }
  t.throws(() => parseAwsLogsOptions({}, fargate), { message: /^invalid task definition: container web: / })
})

t.test(`${parseByteSize.name}: Docker's units (binary, case-insensitive, optional b / ib)`, async (t) => {
  const M = 2 ** 20
  const cases: [string, number | undefined][] = [
    ['10m', 10 * M],
    ['10MB', 10 * M],
    ['10MiB', 10 * M],
    ['512k', 512 * 1024],
    ['1g', 2 ** 30],
    ['1.5m', 1.5 * M],
    ['2 kb', 2048],
    ['100', 100],
    ['100b', 100],
    ['', undefined],
    ['m', undefined],
    ['-1m', undefined],
    ['10mbb', undefined],
    ['10x', undefined],
  ]
  for (const [text, bytes] of cases) t.equal(parseByteSize(text), bytes, JSON.stringify(text))
})

t.test(`${classifyLogDriver.name}`, async (t) => {
  t.same(classifyLogDriver(undefined, ec2), { kind: 'default' })
  t.match(classifyLogDriver({ logDriver: 'awslogs', options: base }, fargate), {
    kind: 'awslogs',
    options: { stream: 'ecs/web/abc123' },
  })
  for (const driver of ['json-file', 'local', 'none', 'fluentd', 'gelf', 'syslog', 'journald', 'splunk']) {
    t.match(classifyLogDriver({ logDriver: driver as 'json-file', options: { a: 'b' } }, ec2), {
      kind: 'docker',
      driver,
      options: { a: 'b' },
      secretOptions: [],
    })
  }
  const splunk = { logDriver: 'splunk' as const, secretOptions: [{ name: 'splunk-token', valueFrom: 'arn:x' }] }
  t.match(classifyLogDriver(splunk, fargate), { kind: 'docker', secretOptions: [{ name: 'splunk-token' }] })
  t.match(classifyLogDriver({ logDriver: 'fluentd' }, fargate), { kind: 'unsupported', reason: /Fargate supports/ })
  t.match(classifyLogDriver({ logDriver: 'json-file' }, fargate), { kind: 'docker', driver: 'json-file' })
  t.match(classifyLogDriver({ logDriver: 'awsfirelens' }, fargate), { kind: 'unsupported', reason: /FireLens/ })
  t.match(classifyLogDriver({ logDriver: 'gcplogs' as 'gelf' }, ec2), { kind: 'unsupported', reason: /supported: aws/ })
  t.throws(() => classifyLogDriver({ logDriver: 'awslogs' }, ec2), { message: /awslogs-group is required/ })
})

t.test(`${parseGoBool.name}: Go's strconv.ParseBool`, async (t) => {
  for (const v of ['1', 't', 'T', 'TRUE', 'true', 'True']) t.equal(parseGoBool(v), true, v)
  for (const v of ['0', 'f', 'F', 'FALSE', 'false', 'False']) t.equal(parseGoBool(v), false, v)
  for (const v of ['yes', 'tRUE', '', 'constructor', 'toString']) t.equal(parseGoBool(v), undefined, v)
})
