// An app for tests, run inside a task with real, unmodified AWS SDK v3 clients: it reads one S3 object and
// writes one CloudWatch Logs stream with the credentials the SDK's default chain finds (in a task: the task
// role, from the container credentials endpoint). Endpoint and region come from the environment only
// (AWS_ENDPOINT_URL, AWS_REGION), as in any real task.
//
//   BUCKET, KEY             the object to read
//   LOG_GROUP, LOG_STREAM   the stream to create (an existing one is fine, as awslogs treats it) and write to
//   EXTRA_KEY               optional: one more object to read, in BUCKET
//
// Prints one JSON line per step, {"step","ok":true,...} or {"step","ok":false,"error","message"}; exits 1 if any
// step failed. It runs every step even after a failure, so a test sees each call's outcome.
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'

const { BUCKET, KEY, EXTRA_KEY, LOG_GROUP, LOG_STREAM } = process.env
// The local AWS answers at an IP address: path-style, as S3 clients use for such endpoints.
const s3 = new S3Client({ forcePathStyle: true })
const logs = new CloudWatchLogsClient({})
let failed = false

async function step(name, fn) {
  try {
    console.log(JSON.stringify({ step: name, ok: true, ...(await fn()) }))
  } catch (err) {
    failed = true
    console.log(JSON.stringify({ step: name, ok: false, error: err?.name ?? 'Error', message: err?.message }))
  }
}

const read = async (Key) => {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))
  return { body: await out.Body.transformToString() }
}

await step('read', () => read(KEY))
await step('stream', async () => {
  try {
    await logs.send(new CreateLogStreamCommand({ logGroupName: LOG_GROUP, logStreamName: LOG_STREAM }))
  } catch (err) {
    if (err?.name !== 'ResourceAlreadyExistsException') throw err
  }
  return {}
})
await step('log', async () => {
  const logEvents = [{ timestamp: Date.now(), message: `read s3://${BUCKET}/${KEY}` }]
  await logs.send(new PutLogEventsCommand({ logGroupName: LOG_GROUP, logStreamName: LOG_STREAM, logEvents }))
  return {}
})
if (EXTRA_KEY) await step('extra', () => read(EXTRA_KEY))
process.exitCode = failed ? 1 : 0
