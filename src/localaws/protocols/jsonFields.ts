import { AwsError } from '../awsError.js'
import { Violations } from '../validate.js'

interface StringRule {
  required?: boolean
  min?: number
  max?: number
  /** The pattern and how AWS prints it in the violation. */
  pattern?: [RegExp, string]
}

/** AWS names members in lowerCamelCase in its validation messages, whatever the wire casing. */
function member(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1)
}

/**
 * Narrows an untrusted JSON body field by field. Wrong JSON types are SerializationException, as in AWS;
 * constraint violations are collected and reported together in AWS's "N validation errors detected" words.
 */
export class JsonFields {
  readonly violations = new Violations()
  #wrongType: string | undefined

  constructor(readonly raw: Record<string, unknown>) {}

  #typed<T>(key: string, guard: (v: unknown) => v is T, what: string): T | undefined {
    const value = this.raw[key]
    if (value === undefined || value === null) return undefined
    if (guard(value)) return value
    this.#wrongType ??= `${key} must be ${what}`
    return undefined
  }

  string(key: string, rule: StringRule = {}): string | undefined {
    const value = this.#typed(key, (v): v is string => typeof v === 'string', 'a string')
    const m = member(key)
    if (value === undefined) {
      if (rule.required) this.violations.add(undefined, m, 'not be null')
      return undefined
    }
    if (rule.min !== undefined && value.length < rule.min)
      this.violations.add(value, m, `have length greater than or equal to ${rule.min}`)
    else if (rule.max !== undefined && value.length > rule.max)
      this.violations.add(value, m, `have length less than or equal to ${rule.max}`)
    else if (rule.pattern && !rule.pattern[0].test(value))
      this.violations.add(value, m, `satisfy regular expression pattern: ${rule.pattern[1]}`)
    return value
  }

  /** A string the action cannot do without: '' when missing, with the violation recorded. */
  required(key: string, rule: Omit<StringRule, 'required'> = {}): string {
    return this.string(key, { ...rule, required: true }) ?? ''
  }

  integer(key: string, min?: number, max?: number): number | undefined {
    const value = this.#typed(key, (v): v is number => typeof v === 'number' && Number.isInteger(v), 'an integer')
    if (value === undefined) return undefined
    if (min !== undefined && value < min)
      this.violations.add(String(value), member(key), `have value greater than or equal to ${min}`)
    else if (max !== undefined && value > max)
      this.violations.add(String(value), member(key), `have value less than or equal to ${max}`)
    return value
  }

  boolean(key: string): boolean | undefined {
    return this.#typed(key, (v): v is boolean => typeof v === 'boolean', 'a boolean')
  }

  strings(key: string, min = 0, max = Infinity): string[] | undefined {
    const isList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')
    const value = this.#typed(key, isList, 'a list of strings')
    if (value === undefined) return undefined
    const shown = `[${value.join(', ')}]`
    if (value.length < min) this.violations.add(shown, member(key), `have length greater than or equal to ${min}`)
    else if (value.length > max) this.violations.add(shown, member(key), `have length less than or equal to ${max}`)
    return value
  }

  objects(key: string): Record<string, unknown>[] | undefined {
    const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
    const isList = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.every(isObject)
    return this.#typed(key, isList, 'a list of objects')
  }

  /** Records a violation the generic checks cannot see (e.g. a list's length, shown as AWS shows lists). */
  violation(shown: string | undefined, key: string, constraint: string): void {
    this.violations.add(shown, member(key), constraint)
  }

  error(validationCode: string): AwsError | undefined {
    if (this.#wrongType) return new AwsError('SerializationException', this.#wrongType)
    return this.violations.error(validationCode)
  }
}
