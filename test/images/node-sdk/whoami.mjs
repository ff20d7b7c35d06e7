// A real, unmodified AWS SDK v3 client for tests, run inside a container: it finds credentials with the SDK's
// default chain (so in a task it uses the container credentials endpoint) and calls STS GetCallerIdentity.
// Region and endpoint come from the environment only (AWS_REGION, AWS_ENDPOINT_URL_STS), as in any real task.
//
//   node whoami.mjs                 one call; prints {"Account","Arn","UserId","AccessKeyId"} as one JSON line
//   node whoami.mjs EVERY FOR       a call every EVERY seconds for FOR seconds, one JSON line per call;
//                                   failures print {"error","message"} and the exit code is 1 if any failed
//
// AccessKeyId is an identifier, not a secret, and lets tests see which credentials were used (e.g. renewals).
// The secret key and session token are never printed.
import { setTimeout as sleep } from 'node:timers/promises'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'

const client = new STSClient({})

async function once() {
  const out = await client.send(new GetCallerIdentityCommand({}))
  // The memoized provider returns the credentials that signed the request just sent.
  const creds = await client.config.credentials()
  return { Account: out.Account, Arn: out.Arn, UserId: out.UserId, AccessKeyId: creds.accessKeyId }
}

function errorLine(err) {
  return JSON.stringify({ error: err?.name ?? 'Error', message: err?.message ?? String(err) })
}

const [every, forSeconds] = process.argv.slice(2).map(Number)
if (!every) {
  try {
    console.log(JSON.stringify(await once()))
  } catch (err) {
    console.log(errorLine(err))
    process.exitCode = 1
  }
} else {
  const until = Date.now() + (forSeconds || every) * 1000
  let failed = false
  for (;;) {
    try {
      const r = await once()
      console.log(JSON.stringify({ time: new Date().toISOString(), Arn: r.Arn, AccessKeyId: r.AccessKeyId }))
    } catch (err) {
      failed = true
      console.log(errorLine(err))
    }
    if (Date.now() + every * 1000 > until) break
    await sleep(every * 1000)
  }
  process.exitCode = failed ? 1 : 0
}
