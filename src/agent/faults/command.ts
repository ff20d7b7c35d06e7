/**
 * One command run in a task's network namespace: the full argv, `nsenter` first. `ipv6`: an ip6tables command,
 * whose failure is logged and ignored, as the agent ignores it for a task that is not IPv6-only (every task here:
 * the ecs-local network is IPv4).
 */
export interface Command {
  argv: string[]
  ipv6?: boolean
}

/**
 * The task's network device: the pause container's one interface on the ecs-local network (the agent's
 * task.GetDefaultIfname() for an awsvpc task).
 */
export const DEVICE = 'eth0'

/**
 * The agent enters the task's namespace with `nsenter --net=<netns path>` (nsenterCommandString in
 * ecs-agent/tmds/handlers/fault/v1/handlers/handlers.go). Here the namespace is the pause container's, reached
 * through its process: `/proc/<pid>/ns/net`.
 */
export const inNamespace = (pid: number, argv: string[], ipv6?: boolean): Command => ({
  argv: ['nsenter', `--net=/proc/${pid}/ns/net`, ...argv],
  ...(ipv6 && { ipv6 }),
})
