import { AwsError } from '../awsError.js'

/**
 * CloudWatch Logs' term patterns: every plain term must occur, no '-term' may, and when '?term's are given at
 * least one of them must; "quoted phrases" count as one term. Terms are case-sensitive, as in AWS. JSON and
 * space-delimited patterns ({...}, [...]) are not supported locally and are refused rather than mismatched.
 */
export function compileFilterPattern(pattern: string | undefined): (message: string) => boolean {
  const text = (pattern ?? '').trim()
  if (text === '') return () => true
  if (text.startsWith('{') || text.startsWith('[') || text.startsWith('%')) {
    throw new AwsError(
      'InvalidParameterException',
      'ecs-local supports term filter patterns only (words, "quoted phrases", ?optional, -excluded)',
    )
  }
  const must: string[] = []
  const mustNot: string[] = []
  const any: string[] = []
  for (const m of text.matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '')
    if (m[1] === '-') mustNot.push(term)
    else if (m[1] === '?') any.push(term)
    else must.push(term)
  }
  return (message) =>
    must.every((t) => message.includes(t)) &&
    !mustNot.some((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t)))
}
