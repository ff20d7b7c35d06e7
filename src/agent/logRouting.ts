import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { ExecutionClients } from '../aws/executionClients.js'
import { ERRORS } from '../errors.js'
import type { Logger } from '../log.js'
import { awsLogsStreamName } from '../logs/awslogsOptions.js'
import { AwsLogsForwarder } from '../logs/forwarder.js'
import { classifyLogDriver, type LogDriverDecision } from '../logs/logDriver.js'
import type { ContainerRecord, TaskRecord } from '../model/task.js'

/** Each container's log driver decision; an unsupported driver or bad awslogs option refuses the task. */
export function logDecisions(task: TaskRecord, region: string): Map<string, LogDriverDecision> {
  const out = new Map<string, LogDriverDecision>()
  for (const c of task.containers) {
    const def = c.definition as ContainerDefinition
    const decision = classifyLogDriver(def.logConfiguration, {
      containerName: c.name,
      taskId: task.id,
      region,
      launchType: task.launchType,
    })
    if (decision.kind === 'unsupported') {
      throw new ERRORS.ECSL_ERR_TASKDEF_INVALID(`container ${c.name}: logConfiguration: ${decision.reason}`)
    }
    out.set(c.name, decision)
  }
  return out
}

/**
 * The daemon's own awslogs shipping for one container (the container keeps Docker's default driver). The
 * stream is created before the container starts, so a missing permission fails the task as on ECS.
 */
export async function startForwarder(
  c: ContainerRecord,
  decision: Extract<LogDriverDecision, { kind: 'awslogs' }>,
  clients: ExecutionClients,
  logger: Logger,
): Promise<AwsLogsForwarder> {
  const o = decision.options
  for (const w of o.warnings) logger.warn({ container: c.name }, w)
  const forwarder = new AwsLogsForwarder({
    client: clients.logs(o.region, o.endpoint),
    group: o.group,
    stream: awsLogsStreamName(o, c.dockerId as string),
    createGroup: o.createGroup,
    createStream: o.createStream,
    mode: o.mode,
    maxBufferBytes: o.maxBufferBytes,
    multiline: o.multiline,
    flushIntervalMs: o.flushIntervalMs,
    logger: logger.child({ container: c.name }),
  })
  await forwarder.start()
  return forwarder
}
