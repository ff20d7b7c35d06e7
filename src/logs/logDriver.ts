import type { LogConfiguration, Secret } from '@aws-sdk/client-ecs'
import { parseAwsLogsOptions, type AwsLogsContext, type AwsLogsOptions } from './awslogsOptions.js'

/**
 * What the agent does with a container's logConfiguration.
 * - default: none given; Docker's default driver, the daemon follows the output for the console only.
 * - awslogs: the container keeps Docker's default driver and the daemon ships its output (AwsLogsForwarder),
 *   so the execution role's credentials stay in the daemon.
 * - docker: Docker runs the driver itself, as on an ECS container instance; secretOptions (e.g. splunk-token)
 *   are resolved with the execution role and added to options before the container is created.
 * - unsupported: the task fails to start with `reason`.
 */
export type LogDriverDecision =
  | { kind: 'default' }
  | { kind: 'awslogs'; options: AwsLogsOptions }
  | { kind: 'docker'; driver: string; options: Record<string, string>; secretOptions: Secret[] }
  | { kind: 'unsupported'; driver: string; reason: string }

// Local-only drivers: nothing leaves the machine.
const LOCAL = new Set(['json-file', 'local', 'none'])
// Drivers Docker ships to a collector the user runs or names; they work locally when it is reachable from the
// Docker host (journald needs a Linux host with systemd). Fargate offers splunk only among them.
const FORWARDING = new Set(['fluentd', 'gelf', 'syslog', 'journald', 'splunk'])
const FARGATE = new Set(['awslogs', 'splunk', 'awsfirelens'])

const SUPPORTED = ['awslogs', ...LOCAL, ...FORWARDING].join(', ')

export function classifyLogDriver(config: LogConfiguration | undefined, ctx: AwsLogsContext): LogDriverDecision {
  if (!config?.logDriver) return { kind: 'default' }
  const driver = config.logDriver as string
  // json-file, local and none keep the output on this machine: allowed whatever the network mode, since
  // locally awsvpc is simply the default, not a promise of Fargate's log routing.
  if (ctx.launchType === 'FARGATE' && !FARGATE.has(driver) && !LOCAL.has(driver)) {
    return {
      kind: 'unsupported',
      driver,
      reason: `Fargate supports the awslogs, splunk and awsfirelens log drivers (and locally json-file, local, none), not ${driver}`,
    }
  }
  if (driver === 'awslogs') return { kind: 'awslogs', options: parseAwsLogsOptions(config.options, ctx) }
  if (LOCAL.has(driver) || FORWARDING.has(driver)) {
    return { kind: 'docker', driver, options: { ...config.options }, secretOptions: config.secretOptions ?? [] }
  }
  if (driver === 'awsfirelens') {
    const reason =
      'awsfirelens needs a FireLens log router (Fluent Bit) container, which ecs-local does not run yet; ' +
      'use awslogs, or fluentd pointing at a collector you run'
    return { kind: 'unsupported', driver, reason }
  }
  return { kind: 'unsupported', driver, reason: `log driver ${driver} is not supported; supported: ${SUPPORTED}` }
}
