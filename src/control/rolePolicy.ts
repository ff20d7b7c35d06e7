import type { TaskRoles } from '../agent/agent.js'
import { ERRORS } from '../errors.js'
import type { LeastPrivilege } from '../localaws/index.js'
import type { RolePolicy, RolePolicyQuery } from './protocol.js'

export interface RolePolicyDeps {
  /** The roles of a running or recently stopped task (id or ARN), or of a compose service. */
  taskRoles(arnOrId: string): TaskRoles | undefined
  leastPrivilege(roleArn: string): LeastPrivilege
}

const usage = 'takes role=<role ARN>, or task=<task id or ARN> (with execution=true for its execution role)'

/** Which role the query names: given, or one of a task's two. */
function roleOf(q: RolePolicyQuery, deps: RolePolicyDeps): { roleArn: string; task?: RolePolicy['task'] } {
  if ([q.role, q.task, q.execution].some((v) => v !== undefined && typeof v !== 'string'))
    throw new ERRORS.ECSL_ERR_CONFIG(`GET /v1/local-aws/policy ${usage}, each once`)
  if (q.execution !== undefined && (!q.task || !['true', 'false'].includes(q.execution)))
    throw new ERRORS.ECSL_ERR_CONFIG(`GET /v1/local-aws/policy ${usage}; execution is true or false`)
  if (q.role && !q.task) return { roleArn: q.role }
  if (!q.task || q.role) throw new ERRORS.ECSL_ERR_CONFIG(`GET /v1/local-aws/policy ${usage}, one of them`)
  const roles = deps.taskRoles(q.task)
  if (!roles) throw new ERRORS.ECSL_ERR_TASK_NOT_FOUND(q.task)
  const role = q.execution === 'true' ? 'execution' : 'task'
  const roleArn = role === 'execution' ? roles.executionRoleArn : roles.taskRoleArn
  if (!roleArn) {
    const field = role === 'execution' ? 'executionRoleArn' : 'taskRoleArn'
    throw new ERRORS.ECSL_ERR_NO_POLICY(`task ${roles.taskArn}`, `it has no ${role} role (${field})`)
  }
  return { roleArn, task: { taskArn: roles.taskArn, role } }
}

/** GET /v1/local-aws/policy: the role's least-privilege policy from the local AWS's call log. */
export function rolePolicy(q: RolePolicyQuery, deps: RolePolicyDeps): RolePolicy {
  const { roleArn, task } = roleOf(q, deps)
  const built = deps.leastPrivilege(roleArn)
  const { policy, from, to, calls, denied, explicitlyDenied } = built
  if (!policy || !from || !to) {
    const name = roleArn.split('/').at(-1) ?? roleArn
    const refused = explicitlyDenied ? `; ${explicitlyDenied} were refused by an explicit Deny, which stays out` : ''
    throw new ERRORS.ECSL_ERR_NO_POLICY(
      `role ${roleArn}`,
      `the local AWS's call log holds no call of its sessions (assumed-role/${name}/...) that needed a permission${refused}`,
    )
  }
  return { roleArn, ...(task && { task }), policy, calls, denied, explicitlyDenied, from, to }
}
