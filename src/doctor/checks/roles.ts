import type { GetCallerIdentityResponse } from '@aws-sdk/client-sts'
import { assumeRoleDeniedDetail } from '../../aws/assumeRoleDenied.js'
import { roleSessionName } from '../../aws/sessionName.js'
import type { Config } from '../../config.js'
import { describe, endpointHost, errorName, isUnreachable, networkFix } from '../failure.js'
import type { AwsOutcome, DoctorProbes } from '../probes.js'
import { fail, ok, skip, type CheckResult } from '../result.js'

export type RoleKind = 'task-role' | 'execution-role'

/** The shortest session STS grants: enough to prove the role can be assumed. */
export const DOCTOR_SESSION_SECONDS = 900
/** Named like the daemon's sessions (`ecs-local-<task-id>`), so CloudTrail shows who asked. */
export const DOCTOR_SESSION_NAME = roleSessionName('doctor')

const FIELD: Record<RoleKind, string> = { 'task-role': 'taskRoleArn', 'execution-role': 'executionRoleArn' }

export interface RoleCheckInput {
  kind: RoleKind
  roleArn: string | undefined
  caller: AwsOutcome<GetCallerIdentityResponse> | undefined
  /** What in the task needs the execution role (agent/executionRole.ts executionRoleNeeds). */
  executionNeeds?: string[]
}

const isAccessDenied = (e: unknown): e is Error =>
  e instanceof Error && (e.name === 'AccessDenied' || e.name === 'AccessDeniedException')

/** Can the base identity assume the role, as the daemon's role vault will (STS AssumeRole)? */
export async function checkRole(probes: DoctorProbes, config: Config, input: RoleCheckInput): Promise<CheckResult> {
  const { kind, roleArn, caller } = input
  const field = FIELD[kind]
  if (!roleArn) {
    const needs = input.executionNeeds ?? []
    if (kind === 'execution-role' && needs.length) {
      // What Agent.check refuses before anything starts, in its words.
      return fail(
        kind,
        `executionRoleArn is required: the execution role is what pulls, fetches and ships for ${needs.join('; ')}`,
        'add an executionRoleArn that the base identity may assume (docs/execution-role.md)',
        { code: 'ECSL_ERR_TASKDEF_INVALID' },
      )
    }
    return skip(kind, `no ${field} in the task definition`)
  }
  if (config.aws === 'local') {
    return skip(
      kind,
      `${roleArn}: --aws local; the embedded local AWS lets its base identity assume any role unless the seed file gives the role a trust of its own (docs/local-aws.md)`,
    )
  }
  if (!caller?.ok) return skip(kind, `${roleArn}: needs base credentials (see base-credentials)`)
  const out = await probes.assumeRole({
    roleArn,
    sessionName: DOCTOR_SESSION_NAME,
    durationSeconds: DOCTOR_SESSION_SECONDS,
  })
  if (out.ok)
    return ok(kind, `${roleArn} can be assumed (session ${out.value.AssumedRoleUser?.Arn ?? DOCTOR_SESSION_NAME})`)
  const e = out.error
  if (isAccessDenied(e)) {
    // The same explanation run gives (aws/assumeRole.ts), split: AWS's answer, then what to change.
    const [first = 'AccessDenied', ...rest] = assumeRoleDeniedDetail({
      roleArn,
      serviceMessage: e.message,
      callerArn: caller.value.Arn,
    }).split('\n')
    return fail(kind, `${roleArn}: ${first}`, rest.join('\n'), { code: 'ECSL_ERR_ASSUME_ROLE' })
  }
  const host = endpointHost(out.endpoint, `sts.${config.region}.amazonaws.com`)
  if (isUnreachable(e)) {
    return fail(kind, `${roleArn}: STS does not answer at ${host}: ${describe(e)}`, networkFix(host), {
      code: 'ECSL_ERR_ASSUME_ROLE',
    })
  }
  const fix =
    errorName(e) === 'RegionDisabledException'
      ? `activate STS in region ${config.region} (IAM console, Account settings), or use another --region`
      : `check the ARN and that the role exists (aws iam get-role --role-name ${roleArn.split('/').pop() ?? ''})`
  return fail(kind, `${roleArn}: ${describe(e)}`, fix, { code: 'ECSL_ERR_ASSUME_ROLE' })
}
