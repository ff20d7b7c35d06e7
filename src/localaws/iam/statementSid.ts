/** How services read in a Sid; any other prefix is capitalised (`kinesis` -> `Kinesis`). */
const SERVICE_NAMES: Record<string, string> = {
  cloudwatch: 'CloudWatch',
  dynamodb: 'DynamoDb',
  ecr: 'Ecr',
  ecs: 'Ecs',
  iam: 'Iam',
  kms: 'Kms',
  logs: 'Logs',
  s3: 'S3',
  secretsmanager: 'SecretsManager',
  sns: 'Sns',
  sqs: 'Sqs',
  ssm: 'Ssm',
  sts: 'Sts',
}

/** Statements naming more actions than this are named by their services and a count. */
const MAX_NAMED_ACTIONS = 3

/** `elastic-inference` -> `ElasticInference`: letters and digits only, as a Sid takes them. */
function pascal(word: string): string {
  return word
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
}

function serviceName(prefix: string): string {
  return SERVICE_NAMES[prefix.toLowerCase()] ?? pascal(prefix)
}

/**
 * A Sid for a statement of `actions` ('service:Action', sorted): the service and action names, each service
 * said once (`S3GetObject`, `LogsCreateLogStreamPutLogEvents`, `EcrGetAuthorizationTokenStsGetSessionToken`),
 * or past three actions the services and how many (`S3Ssm5Actions`).
 */
export function statementSid(actions: readonly string[]): string {
  const split = actions.map((a) => {
    const at = a.indexOf(':')
    return { service: a.slice(0, at), name: a.slice(at + 1) }
  })
  const services = [...new Set(split.map((a) => a.service))]
  if (actions.length > MAX_NAMED_ACTIONS) return `${services.map(serviceName).join('')}${actions.length}Actions`
  let sid = ''
  let last: string | undefined
  for (const { service, name } of split) {
    if (service !== last) sid += serviceName(service)
    sid += pascal(name)
    last = service
  }
  return sid || 'Allow'
}

/**
 * One Sid per statement, unique within the policy ([A-Za-z0-9]+, as IAM requires): a name taken already gets the
 * first free number after it (`S3GetObject2`).
 */
export function statementSids(statements: readonly (readonly string[])[]): string[] {
  const taken = new Set<string>()
  return statements.map((actions) => {
    const base = statementSid(actions)
    let sid = base
    for (let n = 2; taken.has(sid); n++) sid = `${base}${n}`
    taken.add(sid)
    return sid
  })
}
