import { AwsError } from './awsError.js'

/**
 * AWS's model validation wording: "1 validation error detected: Value 'x' at 'roleSessionName' failed ...".
 * The code differs by service: STS says ValidationError, SSM ValidationException, Logs InvalidParameterException.
 */
export class Violations {
  readonly #found: string[] = []

  add(value: string | undefined, member: string, constraint: string): void {
    const shown = value === undefined ? 'null' : `'${value}'`
    this.#found.push(`Value ${shown} at '${member}' failed to satisfy constraint: Member must ${constraint}`)
  }

  error(code = 'ValidationError'): AwsError | undefined {
    const n = this.#found.length
    if (n === 0) return undefined
    return new AwsError(code, `${n} validation error${n > 1 ? 's' : ''} detected: ${this.#found.join('; ')}`)
  }
}

export function checkRequired(v: Violations, value: string | undefined, member: string): value is string {
  if (value === undefined) v.add(value, member, 'not be null')
  return value !== undefined
}

export function checkLength(v: Violations, value: string, member: string, min: number, max: number): void {
  if (value.length < min) v.add(value, member, `have length greater than or equal to ${min}`)
  else if (value.length > max) v.add(value, member, `have length less than or equal to ${max}`)
}

export function checkPattern(v: Violations, value: string, member: string, pattern: RegExp, shown: string): void {
  if (!pattern.test(value)) v.add(value, member, `satisfy regular expression pattern: ${shown}`)
}

/** An optional integer in [min, max]; undefined when absent (or invalid, with the violation recorded). */
export function checkInteger(
  v: Violations,
  value: string | undefined,
  member: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^-?\d+$/.test(value)) v.add(value, member, 'be an integer')
  else if (n < min) v.add(value, member, `have value greater than or equal to ${min}`)
  else if (n > max) v.add(value, member, `have value less than or equal to ${max}`)
  else return n
  return undefined
}
