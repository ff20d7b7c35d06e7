import t from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { ensureAwscliImage } from '../helpers/images.js'
import { outputOf, writeTask } from '../helpers/tasks.js'

/** botocore (through boto3) with its own default chain; prints the caller ARN. */
const BOTO3 = ['python3', '-c', "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])"]
const ASSUMED = /^arn:aws:sts::000000000000:assumed-role\/boto-task\/ecs-local-[0-9a-f]{32}$/

t.test('awscli and botocore in a task get the task role, in every credentials mode', async (t) => {
  const image = await ensureAwscliImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)

  const awscli = writeTask(d.stateDir, 'boto', [
    { name: 'cli', image, command: ['aws', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'] },
  ])
  const r = await cli(['run', awscli, '--aws', 'local', '--json'], d.env)
  t.equal(r.code, 0, r.stdout)
  t.match(outputOf(r, 'cli').join('\n'), ASSUMED, 'awscli: the task role over RELATIVE_URI')

  const cases: Array<{ mode: string; env: Array<{ name: string; value: string }>; why: string }> = [
    {
      mode: 'relative',
      // botocore prefers RELATIVE_URI: a FULL_URI the task sets itself is ignored.
      env: [{ name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: 'http://169.254.170.2/nowhere' }],
      why: 'RELATIVE_URI wins over FULL_URI',
    },
    { mode: 'full-uri', env: [], why: 'FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN' },
    {
      mode: 'full-uri-token-file',
      // botocore prefers the token file: a wrong token in the environment is ignored.
      env: [{ name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN', value: 'wrong' }],
      why: 'the token file wins over the token',
    },
  ]
  for (const c of cases) {
    const file = writeTask(d.stateDir, 'boto', [{ name: 'py', image, command: BOTO3, environment: c.env }])
    const r = await cli(['run', file, '--aws', 'local', '--json', '--credentials-endpoint', c.mode], d.env)
    t.equal(r.code, 0, `${c.mode}: ${r.stdout}`)
    t.match(outputOf(r, 'py').join('\n'), ASSUMED, `boto3, ${c.mode}: ${c.why}`)
  }
})
