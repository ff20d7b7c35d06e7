// The bundled example: an unmodified app using the AWS SDK default credential chain, as on ECS.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'

const metadata = await fetch(`${process.env.ECS_CONTAINER_METADATA_URI_V4}/task`).then((r) => r.json())
console.log(`Hello from task ${metadata.TaskARN} (family ${metadata.Family}, revision ${metadata.Revision})`)

const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}))
console.log(`My AWS identity is ${identity.Arn}`)
console.log('That is the task role: the execution role never reaches this container.')
