import type { RoleCredentials } from '../model/credentials.js'
import type { TaskRecord } from '../model/task.js'
import type { RegistryReader } from '../agent/registry.js'
import { wholeSecondUtc } from '../lib/time.js'
import {
  ACCESS_DENIED,
  agentError,
  CREDENTIALS_UNINITIALIZED,
  INVALID_ID_IN_REQUEST,
  NO_ID_IN_REQUEST,
  type AgentErrorBody,
} from './agentError.js'
import { authorizationMatches } from './caller.js'

/** The body the SDKs parse; the session token's key is `Token`. */
export interface CredentialsBody {
  RoleArn: string
  AccessKeyId: string
  SecretAccessKey: string
  Token: string
  Expiration: string
}

export interface CredentialsRequest {
  /** 1 or 2: only the message prefix differs, as in the agent. */
  apiVersion: 1 | 2
  id: string
  caller: string
  authorization: string | string[] | undefined
  now: Date
}

/** `task` is set once the id is known, so the caller can log the task ARN instead of the id. */
export type CredentialsOutcome =
  | { ok: true; task: TaskRecord; roleArn: string; json: string }
  | { ok: false; task?: TaskRecord; error: AgentErrorBody }

/**
 * Decide a credentials request from the registry alone. Order: no id 400, unknown or revoked id 400 (whoever
 * asks), caller not in the owning task 403, FULL_URI token missing or wrong 403, not (or no longer) valid 503.
 * Refusing the caller before saying "not ready" tells a stranger nothing about another task's state.
 */
export function resolveCredentials(registry: RegistryReader, req: CredentialsRequest): CredentialsOutcome {
  const prefix = `CredentialsV${req.apiVersion}Request: `
  if (req.id === '') {
    return { ok: false, error: agentError(NO_ID_IN_REQUEST, `${prefix}No Credential ID in the request`, 400) }
  }
  const task = registry.taskByCredentialsId(req.id)
  if (!task) return { ok: false, error: agentError(INVALID_ID_IN_REQUEST, `${prefix}Credentials not found`, 400) }
  if (registry.taskByAddress(req.caller) !== task) {
    const message = `${prefix}Access denied: the request does not come from the task these credentials belong to`
    return { ok: false, task, error: agentError(ACCESS_DENIED, message, 403) }
  }
  if (task.authorizationToken !== undefined && !authorizationMatches(task.authorizationToken, req.authorization)) {
    const message = `${prefix}Access denied: the Authorization header does not match the task's token`
    return { ok: false, task, error: agentError(ACCESS_DENIED, message, 403) }
  }
  const creds = registry.credentials(req.id)
  // Expired credentials count as not ready: the SDKs retry a 503, but would cache and fail with expired keys.
  if (!creds || creds.expiration.getTime() <= req.now.getTime()) {
    const message = `${prefix}Credentials uninitialized for ID`
    return { ok: false, task, error: agentError(CREDENTIALS_UNINITIALIZED, message, 503) }
  }
  return { ok: true, task, roleArn: creds.roleArn, json: serialised(creds) }
}

/**
 * The body is the same for every request until the vault renews the credentials (a new object), so it is
 * serialised once per credentials object; the WeakMap lets replaced credentials go with their text.
 */
const bodies = new WeakMap<RoleCredentials, string>()

function serialised(creds: RoleCredentials): string {
  let json = bodies.get(creds)
  if (json === undefined) {
    const body: CredentialsBody = {
      RoleArn: creds.roleArn,
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      Token: creds.sessionToken,
      // As the agent echoes ECS's backend (`2016-02-25T06:03:31Z`): the JS SDK's fromHttp wants the `Z`,
      // fromContainerMetadata and botocore read it too.
      Expiration: wholeSecondUtc(creds.expiration),
    }
    json = JSON.stringify(body)
    bodies.set(creds, json)
  }
  return json
}
