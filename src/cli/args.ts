import { parseArgs } from 'node:util'
import type { ConfigFlags } from '../config.js'

/** Flags shared by `run` and `daemon`; they become one Config (config.ts). */
export const CONFIG_OPTIONS = {
  aws: { type: 'string' },
  placement: { type: 'string' },
  pull: { type: 'string' },
  'ecr-registry': { type: 'string', multiple: true },
  profile: { type: 'string' },
  region: { type: 'string' },
  cluster: { type: 'string' },
  'state-dir': { type: 'string' },
  'credentials-endpoint': { type: 'string' },
  'local-aws-session-seconds': { type: 'string' },
  'local-aws-seed': { type: 'string' },
  'role-session-seconds': { type: 'string' },
  'idle-exit': { type: 'string' },
  'log-level': { type: 'string' },
  'legacy-role-paths': { type: 'boolean' },
  json: { type: 'boolean' },
  detach: { type: 'boolean', short: 'd' },
  help: { type: 'boolean', short: 'h' },
} as const

export class UsageError extends Error {}

export function parse(argv: string[]): {
  flags: ConfigFlags & { json?: boolean; detach?: boolean; help?: boolean }
  positionals: string[]
} {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: CONFIG_OPTIONS, allowPositionals: true })
    return { flags: values, positionals }
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
}

/** The daemon flags a `run` forwards when it has to start a daemon itself. */
export function daemonArgs(flags: ConfigFlags): string[] {
  const keys = [
    'aws',
    'placement',
    'profile',
    'region',
    'cluster',
    'state-dir',
    'local-aws-session-seconds',
    'local-aws-seed',
  ]
  const more = ['role-session-seconds', 'log-level', 'pull'] as const
  const out: string[] = []
  for (const k of [...keys, ...more] as Array<keyof ConfigFlags>) {
    const v = flags[k]
    if (typeof v === 'string') out.push(`--${k}`, v)
  }
  for (const r of flags['ecr-registry'] ?? []) out.push('--ecr-registry', r)
  if (flags['legacy-role-paths']) out.push('--legacy-role-paths')
  return out
}

export const USAGE = `Usage: ecs-local <command> [options]

Commands:
  run [TASKDEF]        run a task in the foreground (default: the bundled example task)
  run -d [TASKDEF]     start a task and leave it running; prints its ARN once RUNNING
  validate TASKDEF     load and check a task definition without running it; --json prints it normalised
  doctor [TASKDEF]     check the setup at once: engine, network, port 80, base credentials, the task's roles,
                       ECR, clock; one line each (--json for CI), exit 1 on any FAIL (docs/troubleshooting.md)
  stop TASK            stop a task (id or ARN) and wait until it is gone
  daemon               run the agent (credentials and metadata endpoint at 169.254.170.2) in the foreground
  daemon stop          stop the running daemon and every task it runs
  ps                   list the daemon's tasks
  local-aws calls      print the embedded local AWS's call log (JSON)
  local-aws policy TASK [--execution] | --role ARN
                       print the least-privilege IAM policy (JSON) that allows exactly the calls the task's role
                       (--execution: its execution role; --role: that role) made to the local AWS, denied ones
                       included; what it covers on stderr (docs/local-aws.md)
  local-aws reset      forget the local AWS's keys, data and call log (kept in the state dir across restarts)
  logs [GROUP [STREAM]] the local CloudWatch Logs: its groups, or a group's events
  version              print the version

TASKDEF is a file or - (stdin), JSON or YAML: RegisterTaskDefinition input, describe-task-definition output, a
CloudFormation or CDK template, terraform show -json output, or a containerDefinitions array (docs/task-definitions.md).

Task definition options (run, validate, doctor):
  --resource ID                    which template resource: a logical id, or a Terraform address
  --parameter KEY=VALUE            a template parameter, pseudo parameter (AWS::AccountId=...), or the value of a
                                   resource's Ref (LogicalId=...) or Fn::GetAtt (LogicalId.Attribute=...) (repeatable)
  --family NAME                    family (required with a containerDefinitions array)
  --task-role-arn ARN, --execution-role-arn ARN, --network-mode MODE
                                   replace those of the task definition

Run options (run only; as aws ecs run-task takes them, docs/task-definitions.md#runtask-overrides):
  --overrides JSON|file://PATH|PATH  RunTask overrides: containerOverrides (command, environment, cpu, memory, ...),
                                   task cpu, memory, taskRoleArn, executionRoleArn, ephemeralStorage
  --env NAME=VALUE                 an environment variable for every container, winning over --overrides (repeatable)
  --started-by ID, --group NAME    RunTask's startedBy and group (default group: family:<family>)
  --tags KEY=VALUE[,KEY=VALUE]     task tags, added to the task definition's (repeatable; or a JSON [{key, value}])
  --launch-type EC2|FARGATE        RunTask's launchType (default: FARGATE if requiresCompatibilities lists it, else EC2)

Options:
  --aws default|local              AWS to use: the SDK default chain (default) or the embedded local AWS
  --placement host|container      where 169.254.170.2 lives: the host (default) or the daemon's container
  --profile NAME, --region NAME    base credentials profile and region
  --cluster NAME                   cluster name in task ARNs (default: default)
  --credentials-endpoint MODE      relative (default), full-uri or full-uri-token-file
  --pull POLICY                    default (pull, fall back to the cached image), always, missing, never
  --ecr-registry HOST[:PORT]       treat this registry as ECR: pull with the execution role's ECR token (repeatable)
  --role-session-seconds N         AssumeRole duration (default 3600)
  --local-aws-session-seconds N    cap on the local AWS's session length (renewal testing)
  --local-aws-seed FILE            roles and allow lists for the local AWS (JSON)
  --state-dir DIR                  control socket and per-task files (default: $TMPDIR/ecs-local-<uid>)
  --idle-exit N                    daemon: exit after N idle seconds
  --log-level LEVEL                daemon log level (default info)
  -d, --detach                     run: return once the task is RUNNING; it keeps running until stop
  --legacy-role-paths              daemon: also serve /role/NAME, /role-arn/ARN and /creds, as
                                   amazon-ecs-local-container-endpoints did (weaker: any container may ask)
  --json                           machine-readable output
`
