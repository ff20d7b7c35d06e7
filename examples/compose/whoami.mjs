// The example services of compose.yaml: print who this container is to AWS, and the task it belongs to as the
// ECS metadata endpoint describes it. Runs on the ecs-local image (its node_modules hold the STS client).
// WHOAMI_EVERY=<seconds> repeats it, so the service stays up and shows its credentials being renewed.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'

const service = process.env.SERVICE_NAME ?? 'service'
const endpoint = `http://169.254.170.2${process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? ''}`

async function once() {
  const out = { service }
  // The endpoint's own answer first: its status and error code, or the role it serves (never the keys).
  const res = await fetch(endpoint).catch((e) => ({ status: 0, json: async () => ({ code: e.message }) }))
  const body = await res.json().catch(() => ({}))
  out.credentials =
    res.status === 200 ? { status: 200, roleArn: body.RoleArn } : { status: res.status, code: body.code }
  if (res.status === 200) {
    try {
      const id = await new STSClient({}).send(new GetCallerIdentityCommand({}))
      out.identity = id.Arn
    } catch (e) {
      out.identity = `${e.name}: ${e.message}`
    }
  }
  const metadata = process.env.ECS_CONTAINER_METADATA_URI_V4
  if (metadata) {
    const task = await fetch(`${metadata}/task`).then(async (r) => (r.ok ? r.json() : { status: r.status }))
    out.task = task.TaskARN ? { family: task.Family, arn: task.TaskARN, status: task.KnownStatus } : task
  }
  console.log(JSON.stringify(out))
}

const every = Number(process.env.WHOAMI_EVERY ?? 0)
await once()
if (every > 0) setInterval(() => void once(), every * 1000)
