import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import type { ExecutionClients } from '../aws/executionClients.js'
import { ERRORS } from '../errors.js'
import type { Logger } from '../log.js'
import { awsLogsStreamName } from '../logs/awslogsOptions.js'
import { AwsLogsForwarder, type AwsLogsForwarderOptions } from '../logs/forwarder.js'
import { classifyLogDriver, type LogDriverDecision } from '../logs/logDriver.js'
import type { OutputPosition } from '../model/outputPosition.js'
import type { ContainerRecord, TaskRecord } from '../model/task.js'
import type { LogPositions } from './logPositions.js'

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

/** Where a forwarder's input starts, and what to do with its progress (AwsLogsForwarderOptions). */
export type ForwarderTracking = Pick<AwsLogsForwarderOptions, 'from' | 'since' | 'onProgress'>

/**
 * The forwarder's onProgress that keeps one container's position in the state directory, for a daemon that takes
 * the task over. A write that fails is logged once; the forwarding goes on.
 */
export function savePositions(
  positions: LogPositions,
  taskId: string,
  container: string,
  logger: Logger,
): (done: OutputPosition) => void {
  let warned = false
  return (done) => {
    try {
      positions.save(taskId, container, done)
    } catch (e) {
      if (!warned) logger.warn({ err: e, container }, 'could not save the log position; a later daemon may resend')
      warned = true
    }
  }
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
  tracking: ForwarderTracking = {},
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
    ...tracking,
  })
  await forwarder.start()
  return forwarder
}
