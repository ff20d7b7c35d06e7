import { parseArn, scopeOfArn, type Scope } from '../arn.js'
import type { JsonFields } from '../protocols/jsonFields.js'
import type { InputEvent } from './batch.js'

/** The members Logs operations share, narrowed with the model's constraints. */
const GROUP_NAME: [RegExp, string] = [/^[.\-_/#A-Za-z0-9]+$/, '[\\.\\-_/#A-Za-z0-9]+']
const STREAM_NAME: [RegExp, string] = [/^[^:*]*$/, '[^:*]*']

export function groupName(f: JsonFields, key = 'logGroupName'): string {
  return f.required(key, { min: 1, max: 512, pattern: GROUP_NAME })
}

export function streamName(f: JsonFields): string {
  return f.required('logStreamName', { min: 1, max: 512, pattern: STREAM_NAME })
}

/** A log group as a call names it: a name (in the caller's account), or an ARN that names its account. */
export interface GroupRef {
  group: string
  scope?: Scope
}

/** logGroupIdentifier takes a name or an ARN (with or without the trailing ':*'); logGroupName wins. */
export function groupOf(f: JsonFields): GroupRef {
  const id = f.string('logGroupIdentifier', { min: 1, max: 2048 })
  if (f.raw.logGroupName !== undefined || id === undefined) return { group: groupName(f) }
  const m = /^arn:[^:]+:logs:[^:]*:\d*:log-group:([^:]+)(?::\*)?$/.exec(id)
  const arn = m ? parseArn(id) : undefined
  const scope = arn && scopeOfArn(arn)
  return { group: m?.[1] ?? id, ...(scope && { scope }) }
}

export function logEvents(f: JsonFields): InputEvent[] {
  const raw = f.objects('logEvents')
  if (raw === undefined) f.violation(undefined, 'logEvents', 'not be null')
  else if (raw.length === 0) f.violation('[]', 'logEvents', 'have length greater than or equal to 1')
  return (raw ?? []).map((e, i) => {
    const at = `logEvents.${i + 1}.member`
    const { timestamp, message } = e
    if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0)
      f.violation(String(timestamp), `${at}.timestamp`, 'be a non-negative integer')
    if (typeof message !== 'string') f.violation(undefined, `${at}.message`, 'not be null')
    else if (message.length === 0) f.violation('', `${at}.message`, 'have length greater than or equal to 1')
    return { timestamp: Number(timestamp), message: String(message) }
  })
}
