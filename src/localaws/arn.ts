/** The partitions the local AWS answers for, with the region sets and DNS suffixes it needs of them. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const
export type Partition = (typeof PARTITIONS)[number]

const REGIONS: Record<Partition, RegExp> = {
  aws: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
  'aws-cn': /^cn-\w+-\d+$/,
  'aws-us-gov': /^us-gov-\w+-\d+$/,
}
const DEFAULT_REGION: Record<Partition, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
}

export function isPartition(s: string): s is Partition {
  return (PARTITIONS as readonly string[]).includes(s)
}

/** cn-north-1 is in aws-cn, us-gov-west-1 in aws-us-gov, anything else in aws. */
export function partitionOf(region: string): Partition {
  if (REGIONS['aws-us-gov'].test(region)) return 'aws-us-gov'
  return REGIONS['aws-cn'].test(region) ? 'aws-cn' : 'aws'
}

/** The region an account's ARNs are minted in: the local AWS's own when it lies in the partition. */
export function regionIn(partition: Partition, region: string): string {
  return partitionOf(region) === partition ? region : DEFAULT_REGION[partition]
}

/** Endpoint host names end in amazonaws.com, or amazonaws.com.cn in China. */
export function dnsSuffix(partition: Partition): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'
}

/** An account in a partition: where names resolve and resources live. */
export interface Scope {
  partition: Partition
  accountId: string
}

/** Where an account's regional resources are: its scope and the region its ARNs name. */
export interface Placement extends Scope {
  region: string
}

export interface Arn {
  partition: string
  service: string
  region: string
  account: string
  /** Everything after the fifth colon, colons included. */
  resource: string
}

export function parseArn(s: string): Arn | undefined {
  const parts = s.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const [, partition = '', service = '', region = '', account = ''] = parts
  return { partition, service, region, account, resource: parts.slice(5).join(':') }
}

/** The account an ARN names, when it is a 12-digit account of a known partition. */
export function scopeOfArn(arn: Arn): Scope | undefined {
  return isPartition(arn.partition) && /^\d{12}$/.test(arn.account)
    ? { partition: arn.partition, accountId: arn.account }
    : undefined
}
