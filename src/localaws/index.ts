import { randomBytes } from 'node:crypto'
import { ERRORS } from '../errors.js'
import { buildApp } from './app.js'
import { applySeed } from './applySeed.js'
import { CallLog } from './callLog.js'
import { createEcrService } from './ecr/service.js'
import { Faults } from './faults.js'
import { randomId } from './ids.js'
import { KeyStore } from './keys.js'
import { createLogsService } from './logs/service.js'
import { LogStore } from './logs/store.js'
import { userArn } from './principal.js'
import { RoleStore } from './roles.js'
import { createS3Service } from './s3/service.js'
import { ObjectStore } from './s3/store.js'
import { createSecretsManagerService } from './secretsmanager/service.js'
import { SecretStore } from './secretsmanager/store.js'
import type { Account, AwsService } from './service.js'
import { createSsmService } from './ssm/service.js'
import { ParameterStore } from './ssm/store.js'
import { createStsService } from './sts/service.js'
import type { LocalAws, LocalAwsOptions } from './types.js'

export type {
  CallRecord,
  FaultSpec,
  LocalAws,
  LocalAwsFaults,
  LocalAwsLogs,
  LocalAwsOptions,
  LocalAwsRole,
  LocalAwsSeed,
  LogEventView,
} from './types.js'

/** The account's built-in user, allowed everything; the daemon's base credentials in `--aws local`. */
const ROOT_USER = 'ecs-local'

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

  const keys = new KeyStore()
  const roles = new RoleStore(accountId, opts.seed?.roles)
  const root = keys.addLongTerm({
    kind: 'user',
    arn: userArn(accountId, ROOT_USER),
    userId: randomId('AIDA', 17),
    accountId,
  })
  const account: Account = {
    accountId,
    region,
    maxSessionSeconds: max,
    roles,
    issueSession: (principal, seconds, now) => keys.issueSession(principal, seconds, now),
  }
  const stores = {
    logs: new LogStore(region, accountId),
    secrets: new SecretStore(region, accountId),
    parameters: new ParameterStore(region, accountId),
    objects: new ObjectStore(),
  }
  if (opts.seed) applySeed(opts.seed, stores)
  const ecrPassword = givenPassword ?? randomBytes(32).toString('base64url')
  const sts = createStsService(account)
  const all: AwsService[] = [
    sts,
    createEcrService({
      accountId,
      region,
      password: ecrPassword,
      registry: opts.ecrRegistry ?? opts.seed?.ecr?.registry,
    }),
    createLogsService(stores.logs),
    createSecretsManagerService(stores.secrets),
    createSsmService(stores.parameters),
    createS3Service(stores.objects, region),
  ]
  const services = new Map(all.map((s) => [s.name, s]))
  const calls = new CallLog()
  const faults = new Faults()
  const logger = opts.logger.child({ component: 'localaws' })
  const app = buildApp({ services, fallback: sts, keys, roles, calls, faults, logger })

  return {
    app,
    rootCredentials: { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey },
    calls: () => calls.list(),
    accountId,
    region,
    faults: { inject: (spec) => faults.inject(spec), pending: () => faults.pending(), clear: () => faults.clear() },
    logs: {
      events: (group, stream) => stores.logs.events(group, stream),
      count: (group, stream) => {
        const streams = [...(stores.logs.groups.get(group)?.streams.values() ?? [])]
        return streams.filter((s) => !stream || s.name === stream).reduce((n, s) => n + s.events.length, 0)
      },
      groups: () => [...stores.logs.groups.keys()].sort(),
      streams: (group) => [...(stores.logs.groups.get(group)?.streams.keys() ?? [])].sort(),
    },
    ecrPassword,
  }
}
