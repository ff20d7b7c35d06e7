import type { FastifyInstance } from 'fastify'
import type { Logger } from '../log.js'
import type { Partition } from './arn.js'
import type { LogEventView } from './logs/store.js'

/** An IAM policy document as IAM takes it: `{"Version": "2012-10-17", "Statement": [...]}`; checked at start. */
export type PolicyDocument = Record<string, unknown>

/** A role of any account. `allow` is the simple form of its permissions; `policies` are IAM's own documents. */
export interface LocalAwsRole {
  /** arn:<aws|aws-cn|aws-us-gov>:iam::<account>:role/[<path>/]<name>. */
  arn: string
  /** Actions a session of this role may call, on any resource. With neither allow nor policies: ['*']. */
  allow?: string[]
  /** Identity-based policies: documents, or the ARN of a managed policy (managedPolicies, or AWS's own). */
  policies?: (PolicyDocument | string)[]
  /**
   * Who may assume it: principal ARNs or account ids (a role ARN trusts all its sessions), or the role's trust
   * policy document. Omitted: the role's own account and the daemon's user.
   */
  trust?: string[] | PolicyDocument
}

export interface LocalAwsManagedPolicy {
  /** arn:<partition>:iam::<account>:policy/[<path>/]<name>. */
  arn: string
  document: PolicyDocument
}

/** A secret by name (in the enclosing account), or by its full ARN (its account, and its exact suffix). */
export type LocalAwsSecret = ({ name: string } | { arn: string }) & { value: string }

export type LocalAwsParameter = ({ name: string } | { arn: string }) & {
  value: string
  type?: 'String' | 'StringList' | 'SecureString'
}

/** What an account starts with. Names resolve in the account that holds them; ARNs name their own. */
export interface LocalAwsData {
  /** Secrets Manager secrets, created with the value as SecretString (version AWSCURRENT). */
  secrets?: LocalAwsSecret[]
  /** SSM parameters; type defaults to String. */
  parameters?: LocalAwsParameter[]
  /** S3 objects (buckets are created as needed): `body` as UTF-8 text, or the bytes of `file` (an absolute path). */
  objects?: { bucket: string; key: string; body?: string; file?: string }[]
  /** CloudWatch Logs groups to create: names, or log group ARNs. */
  logGroups?: string[]
}

/** Another account's data; the top level of the seed is the daemon's own account. */
export interface LocalAwsAccount extends LocalAwsData {
  /** 12 digits. */
  id: string
  /** Default 'aws'. */
  partition?: Partition
}

export interface LocalAwsSeed extends LocalAwsData {
  roles?: LocalAwsRole[]
  managedPolicies?: LocalAwsManagedPolicy[]
  accounts?: LocalAwsAccount[]
  /**
   * The local ECR: the password its GetAuthorizationToken hands out (configure your local registry's htpasswd
   * for user AWS with it) and the registry it names as proxyEndpoint.
   */
  ecr?: { password?: string; registry?: string }
}

export interface LocalAwsOptions {
  /** The daemon's own account, where its user lives and the seed's top level goes. Default '000000000000'. */
  accountId?: string
  /** Default 'us-east-1'. */
  region?: string
  /** Cap on AssumeRole/GetSessionToken durations (after validation), e.g. 60 to watch renewals. */
  maxSessionSeconds?: number
  seed?: LocalAwsSeed
  /**
   * The password in every ECR GetAuthorizationToken (username AWS), so a registry with htpasswd basic auth can
   * accept it. Default: random per process, readable as `LocalAws.ecrPassword`.
   */
  ecrPassword?: string
  /** host[:port] of the registry standing in for ECR (e.g. 127.0.0.1:5000), used as proxyEndpoint. */
  ecrRegistry?: string
  /**
   * Where the state lives across restarts (issued keys, what the API wrote, the call log); created if missing.
   * Omitted: in memory only, for this process's life.
   */
  stateDir?: string
  logger: Logger
}

/** One AWS call as the local AWS saw it. Never holds a secret key or a session token. */
export interface CallRecord {
  time: string
  service: string
  action: string
  /** '' when the caller could not be identified (unknown key, no signature). */
  callerArn: string
  accessKeyId: string
  status: number
  errorCode?: string
  /** The resource acted on, e.g. the role ARN for AssumeRole, a log stream ARN, an S3 object ARN. */
  target?: string
  /** Present when the error came from an injected fault (`LocalAws.faults`), not from the call itself. */
  injected?: true
  /** How the policies decided, for every call that was authorised (all but GetCallerIdentity and auth failures). */
  decision?: CallDecision
  /**
   * Every permission the call was checked for, in order: its own action, then each further action the service
   * asked about while answering (S3 asks for s3:ListBucket before it says NoSuchKey), allowed or not. `decision`
   * is the one that decided the call. What `local-aws policy` builds a role's policy from.
   */
  checks?: PermissionCheck[]
}

/** One permission IAM evaluated for a call: an action on each of its resources, and the outcome. */
export interface PermissionCheck {
  /** The IAM action, e.g. 's3:GetObject'. */
  action: string
  /** Every resource the action was checked on, in the call's order ('*' for actions without one). */
  resources: string[]
  result: CallDecision['result']
}

/** One statement that decided a call: its policy ('policies[0]', a managed policy's ARN, 'trust') and its Sid. */
export interface StatementRef {
  policyType: 'identity' | 'session' | 'resource'
  policy: string
  /** Position in the policy's Statement list, from 0. */
  statement: number
  sid?: string
}

export interface CallDecision {
  result: 'allowed' | 'explicitDeny' | 'implicitDeny'
  /** The IAM action decided on: the call's own, or the further one that refused it (e.g. 's3:ListBucket'). */
  action: string
  /** The resource evaluated (for GetParameters: the first one refused, else the first). */
  resource: string
  /** Every resource the action is authorised on (GetParameters: one per name), refused or not. */
  resources: string[]
  /** implicitDeny: the policy type in which no statement allowed the call. */
  policyType?: StatementRef['policyType']
  /** explicitDeny: the Deny statement; allowed: the Allow statement of each policy type that had to allow. */
  statements: StatementRef[]
}

/** An identity-based policy document as IAM takes it: Allow statements only, no conditions. */
export interface IdentityPolicy {
  Version: '2012-10-17'
  Statement: AllowStatement[]
}

export interface AllowStatement {
  Sid: string
  Effect: 'Allow'
  /** A string for one, a list otherwise (IAM takes both). */
  Action: string | string[]
  Resource: string | string[]
}

/** A role's least-privilege policy, and what it was built from (for the note beside it). */
export interface LeastPrivilege {
  roleArn: string
  /** Absent when no call of the role's sessions needed a permission. */
  policy?: IdentityPolicy
  /** Calls of the role's sessions the policy allows. */
  calls: number
  /** Of those, the ones that had been refused without an explicit Deny: the policy allows what they attempted. */
  denied: number
  /** Calls refused by an explicit Deny: what the Deny refused is left out (the Deny says it must not be allowed). */
  explicitlyDenied: number
  /** Times of the first and last call covered (ISO-8601). */
  from?: string
  to?: string
}

/** One injected fault: the next `count` calls matching it fail with `error`. */
export interface FaultSpec {
  /** SigV4 scope name: 'logs', 'ecr', 'secretsmanager', 'ssm', 's3', 'sts'. Omitted: any service. */
  service?: string
  /** The operation ('PutLogEvents') or IAM action ('logs:PutLogEvents'); case-insensitive. */
  action: string
  count: number
  /** The error code the caller sees, e.g. 'ThrottlingException', 'InternalError', 'SlowDown'. */
  error: string
  /** Default: by code, 503 for SlowDown / ServiceUnavailable, 500 for internal errors, else 400. */
  status?: number
  message?: string
}

export type { LogEventView } from './logs/store.js'

/** Injected failures: the next `count` calls matching a spec fail with its error (recorded with `injected`). */
export interface LocalAwsFaults {
  inject(spec: FaultSpec): void
  /** The faults not yet used up, with their remaining counts. */
  pending(): FaultSpec[]
  clear(): void
}

/** Read access to the local CloudWatch Logs, for `ecs-local logs`. */
export interface LocalAwsLogs {
  /** A stream's events, or a group's (all streams merged by time); [] when the group or stream is unknown. */
  events(group: string, stream?: string): LogEventView[]
  /** How many events a group (or one of its streams) holds: cheap, for polling. */
  count(group: string, stream?: string): number
  groups(): string[]
  streams(group: string): string[]
}

export interface LocalAws {
  /** Built, not listening; the daemon calls listen(). */
  app: FastifyInstance
  /** The daemon's user arn:<partition>:iam::<acct>:user/ecs-local, allowed everything (AdministratorAccess). */
  rootCredentials: { accessKeyId: string; secretAccessKey: string }
  calls(): CallRecord[]
  /** The least-privilege identity policy for a role, from its sessions' calls (iam/leastPrivilege.ts). */
  leastPrivilege(roleArn: string): LeastPrivilege
  accountId: string
  region: string
  faults: LocalAwsFaults
  logs: LocalAwsLogs
  /** The password ECR tokens carry (user AWS), for the registry's htpasswd. */
  ecrPassword: string
  /** The services whose module has been loaded, in load order: each loads on its first request. */
  loadedServices(): string[]
}
