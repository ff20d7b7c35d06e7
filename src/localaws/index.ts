import { randomBytes } from 'node:crypto'
import { ERRORS } from '../errors.js'
import { Accounts } from './accounts.js'
import { buildApp } from './app.js'
import { applySeed } from './applySeed.js'
import { partitionOf } from './arn.js'
import { CallLog, MAX_CALL_RECORDS } from './callLog.js'
import { Faults } from './faults.js'
import { leastPrivilege } from './iam/leastPrivilege.js'
import { randomId } from './ids.js'
import { KeyStore } from './keys.js'
import { LazyServices } from './lazyServices.js'
import type { LogEventView } from './logs/store.js'
import { ManagedPolicies } from './managedPolicies.js'
import { userArn } from './principal.js'
import { RoleStore } from './roles.js'
import type { Account } from './service.js'
import { restore, StateDir, type Recorder } from './state/index.js'
import type { LocalAws, LocalAwsOptions } from './types.js'

export type {
  CallDecision,
  CallRecord,
  FaultSpec,
  IdentityPolicy,
  LeastPrivilege,
  LocalAws,
  LocalAwsFaults,
  LocalAwsLogs,
  LocalAwsOptions,
  LocalAwsRole,
  LocalAwsSeed,
  LogEventView,
  PermissionCheck,
  StatementRef,
} from './types.js'

/** The daemon's user, allowed everything; its base credentials in `--aws local`. */
const ROOT_USER = 'ecs-local'

/** A group's events across every account that has a group of that name (an ARN picks one account). */
function eventsOf(accounts: Accounts, group: string, stream?: string): LogEventView[] {
  const m = /^arn:([^:]+):logs:[^:]*:(\d{12}):log-group:([^:]+)(?::\*)?$/.exec(group)
  const stores = accounts.list().filter((a) => !m || (a.partition === m[1] && a.accountId === m[2]))
  const name = m?.[3] ?? group
  return stores.flatMap((a) => a.logs.events(name, stream)).sort((x, y) => x.timestamp - y.timestamp)
}

/** The embedded local AWS: a fastify app speaking AWS wire protocols, and the account behind it. */
export function createLocalAws(opts: LocalAwsOptions): LocalAws {
  const accountId = opts.accountId ?? '000000000000'
  const region = opts.region ?? 'us-east-1'
  if (!/^\d{12}$/.test(accountId))
    throw new ERRORS.ECSL_ERR_CONFIG(`local AWS account id ${accountId} must be 12 digits`)
  const max = opts.maxSessionSeconds
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
    throw new ERRORS.ECSL_ERR_CONFIG(`maxSessionSeconds ${max} must be a positive integer`)
  }
  const givenPassword = opts.ecrPassword ?? opts.seed?.ecr?.password
  if (givenPassword !== undefined && (givenPassword === '' || givenPassword.includes(':'))) {
    throw new ERRORS.ECSL_ERR_CONFIG('ecrPassword must be non-empty and must not contain ":"')
  }

  // The daemon's account is in the partition of the region it runs for (cn-north-1: aws-cn).
  const partition = partitionOf(region)
  const logger = opts.logger.child({ component: 'localaws' })
  // Every store reports its changes here; nothing is written until the seed and the saved state are applied.
  const recorder: Recorder = {}
  const keys = new KeyStore(recorder)
  const baseUser = userArn(partition, accountId, ROOT_USER)
  const managed = new ManagedPolicies(opts.seed?.managedPolicies)
  const roles = new RoleStore(baseUser, opts.seed?.roles ?? [], managed)
  const accounts = new Accounts(region, recorder)
  if (opts.seed) applySeed(opts.seed, accounts, { partition, accountId })
  const state = opts.stateDir === undefined ? undefined : new StateDir(opts.stateDir, logger, MAX_CALL_RECORDS)
  let savedPassword: string | undefined
  if (state) {
    const restored = restore(state.records, { accounts, keys, blob: (name) => state.blob(name) })
    savedPassword = restored.ecrPassword
    if (restored.applied || state.calls.length)
      logger.info({ dir: state.dir, changes: restored.applied, calls: state.calls.length }, 'restored the local AWS')
    if (restored.skipped.length || state.unreadable)
      logger.warn(
        { skipped: restored.skipped.slice(0, 20), unreadable: state.unreadable },
        `${restored.skipped.length} saved change(s) no longer apply and ${state.unreadable} line(s) could not be read`,
      )
    state.record(recorder)
  }
  // The same user key across restarts: whatever holds it (the daemon's own clients, a doctor run) keeps working.
  const root =
    keys.longTermOf(baseUser) ??
    keys.addLongTerm({ kind: 'user', arn: baseUser, userId: randomId('AIDA', 17), partition, accountId })
  const account: Account = {
    maxSessionSeconds: max,
    roles,
    managedPolicy: (arn) => managed.get(arn),
    issueSession: (principal, seconds, now) => keys.issueSession(principal, seconds, now),
  }
  // A registry's htpasswd is made from this password once: a restart must not change it.
  const ecrPassword = givenPassword ?? savedPassword ?? randomBytes(32).toString('base64url')
  if (ecrPassword !== givenPassword && ecrPassword !== savedPassword)
    recorder.write?.({ k: 'ecrPassword', value: ecrPassword })
  const registry = opts.ecrRegistry ?? opts.seed?.ecr?.registry
  // Each module is imported on the service's first request; STS also answers requests naming no service.
  const services = new LazyServices(
    {
      sts: async () => (await import('./sts/service.js')).createStsService(account),
      ecr: async () => (await import('./ecr/service.js')).createEcrService({ region, password: ecrPassword, registry }),
      logs: async () => (await import('./logs/service.js')).createLogsService(accounts),
      secretsmanager: async () => (await import('./secretsmanager/service.js')).createSecretsManagerService(accounts),
      ssm: async () => (await import('./ssm/service.js')).createSsmService(accounts),
      s3: async () => (await import('./s3/service.js')).createS3Service(accounts, region),
    },
    'sts',
  )
  const calls = new CallLog(state?.calls, state && ((c) => state.call(c)))
  const faults = new Faults()
  const app = buildApp({ services, keys, roles, calls, faults, logger })
  if (state) app.addHook('onClose', async () => state.close())

  return {
    app,
    rootCredentials: { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey },
    calls: () => calls.list(),
    leastPrivilege: (roleArn) => leastPrivilege(calls.list(), roleArn),
    accountId,
    region,
    faults: { inject: (spec) => faults.inject(spec), pending: () => faults.pending(), clear: () => faults.clear() },
    logs: {
      events: (group, stream) => eventsOf(accounts, group, stream),
      count: (group, stream) => {
        const streams = accounts.list().flatMap((a) => [...(a.logs.groups.get(group)?.streams.values() ?? [])])
        return streams.filter((s) => !stream || s.name === stream).reduce((n, s) => n + s.events.length, 0)
      },
      groups: () => [...new Set(accounts.list().flatMap((a) => [...a.logs.groups.keys()]))].sort(),
      streams: (group) =>
        [...new Set(accounts.list().flatMap((a) => [...(a.logs.groups.get(group)?.streams.keys() ?? [])]))].sort(),
    },
    ecrPassword,
    loadedServices: () => services.loaded(),
  }
}
