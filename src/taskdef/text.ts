import { ERRORS } from '../errors.js'
import { parseYaml } from './yaml.js'

export interface ParsedText {
  doc: unknown
  yaml: boolean
}

/**
 * JSON or YAML, told apart by content: a document that opens with `{` or `[` is read as JSON first (its errors
 * are the useful ones for a JSON file), and as YAML flow style only if JSON fails; anything else is YAML.
 */
export function parseText(text: string, source: string): ParsedText {
  const body = text.replace(/^\uFEFF/, '')
  const first = body.trimStart()[0]
  if (first === '{' || first === '[') {
    try {
      return { doc: JSON.parse(body), yaml: false }
    } catch (e) {
      try {
        return { doc: parseYaml(body, source), yaml: true }
      } catch {
        throw new ERRORS.ECSL_ERR_TASKDEF_JSON(source, (e as Error).message, { cause: e })
      }
    }
  }
  if (body.trim() === '') throw new ERRORS.ECSL_ERR_TASKDEF_SOURCE(source, 'it is empty')
  return { doc: parseYaml(body, source), yaml: true }
}
