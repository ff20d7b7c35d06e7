import { regionIn, type Scope } from './arn.js'
import { LogStore } from './logs/store.js'
import { ObjectStore } from './s3/store.js'
import { SecretStore } from './secretsmanager/store.js'
import { ParameterStore } from './ssm/store.js'

/** One account's regional data; the local AWS is one region per partition, whatever an ARN names. */
export interface AccountData extends Scope {
  /** The region its ARNs are minted in. */
  region: string
  logs: LogStore
  secrets: SecretStore
  parameters: ParameterStore
}

/**
 * Every account the local AWS has seen, created on first use: a task definition of account 111122223333 finds
 * its secrets there by name, and any account's data by full ARN. S3 bucket names are global, as in AWS; locally
 * one namespace serves all three partitions, so an aws-cn task finds the buckets a seed's top level declares.
 */
export class Accounts {
  readonly #accounts = new Map<string, AccountData>()
  readonly buckets = new ObjectStore()

  /** The local AWS's region, used for every account of its partition. */
  constructor(readonly region: string) {}

  get(scope: Scope): AccountData {
    const key = `${scope.partition}:${scope.accountId}`
    const known = this.#accounts.get(key)
    if (known) return known
    const region = regionIn(scope.partition, this.region)
    const at = { partition: scope.partition, accountId: scope.accountId, region }
    const account: AccountData = {
      partition: scope.partition,
      accountId: scope.accountId,
      region,
      logs: new LogStore(at),
      secrets: new SecretStore(at),
      parameters: new ParameterStore(at),
    }
    this.#accounts.set(key, account)
    return account
  }

  list(): AccountData[] {
    return [...this.#accounts.values()]
  }
}
