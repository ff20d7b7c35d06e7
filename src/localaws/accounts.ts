import { regionIn, type Placement, type Scope } from './arn.js'
import { LogStore } from './logs/store.js'
import { ObjectStore } from './s3/store.js'
import { SecretStore } from './secretsmanager/store.js'
import { ParameterStore } from './ssm/store.js'
import type { Recorder } from './state/records.js'

/**
 * One account's regional data; the local AWS is one region per partition, whatever an ARN names. Each store is
 * made when its service (or the seed) first touches it. The stores are data, not the services' modules: the seed
 * writes into them at start, and a service loaded later finds it there.
 */
export class AccountData implements Scope {
  readonly partition: Scope['partition']
  readonly accountId: string
  /** The region its ARNs are minted in. */
  readonly region: string
  #logs: LogStore | undefined
  #secrets: SecretStore | undefined
  #parameters: ParameterStore | undefined

  constructor(
    readonly at: Placement,
    readonly recorder: Recorder = {},
  ) {
    this.partition = at.partition
    this.accountId = at.accountId
    this.region = at.region
  }

  get logs(): LogStore {
    return (this.#logs ??= new LogStore(this.at, this.recorder))
  }

  get secrets(): SecretStore {
    return (this.#secrets ??= new SecretStore(this.at, this.recorder))
  }

  get parameters(): ParameterStore {
    return (this.#parameters ??= new ParameterStore(this.at, this.recorder))
  }
}

/**
 * Every account the local AWS has seen, created on first use: a task definition of account 111122223333 finds
 * its secrets there by name, and any account's data by full ARN. S3 bucket names are global, as in AWS; locally
 * one namespace serves all three partitions, so an aws-cn task finds the buckets a seed's top level declares.
 */
export class Accounts {
  readonly #accounts = new Map<string, AccountData>()
  #buckets: ObjectStore | undefined

  constructor(
    /** The local AWS's region, used for every account of its partition. */
    readonly region: string,
    /** Shared by every store: the journal's writer, set once the seed and the journal have been applied. */
    readonly recorder: Recorder = {},
  ) {}

  get buckets(): ObjectStore {
    return (this.#buckets ??= new ObjectStore(this.recorder))
  }

  get(scope: Scope): AccountData {
    const key = `${scope.partition}:${scope.accountId}`
    const known = this.#accounts.get(key)
    if (known) return known
    const at = {
      partition: scope.partition,
      accountId: scope.accountId,
      region: regionIn(scope.partition, this.region),
    }
    const account = new AccountData(at, this.recorder)
    this.#accounts.set(key, account)
    return account
  }

  list(): AccountData[] {
    return [...this.#accounts.values()]
  }
}
