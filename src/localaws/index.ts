import { ERRORS } from '../errors.js'
import { buildApp } from './app.js'
import { CallLog } from './callLog.js'
import { randomId } from './ids.js'
import { KeyStore } from './keys.js'
import { userArn } from './principal.js'
import { RoleStore } from './roles.js'
import type { Account, AwsService } from './service.js'
import { createStsService } from './sts/service.js'
import type { LocalAws, LocalAwsOptions } from './types.js'

export type { CallRecord, LocalAws, LocalAwsOptions, LocalAwsRole, LocalAwsSeed } from './types.js'

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
    maxSessionSeconds: max,
    roles,
    issueSession: (principal, seconds, now) => keys.issueSession(principal, seconds, now),
  }
  // Each later service (logs, ecr, secretsmanager, ssm, s3) is one more entry here.
  const sts = createStsService(account)
  const services = new Map<string, AwsService>([[sts.name, sts]])
  const calls = new CallLog()
  const logger = opts.logger.child({ component: 'localaws' })
  const app = buildApp({ services, fallback: sts, keys, roles, calls, logger })

  return {
    app,
    rootCredentials: { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey },
    calls: () => calls.list(),
    accountId,
    region,
  }
}
