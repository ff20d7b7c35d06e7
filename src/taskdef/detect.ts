import { sourceError } from './problems.js'
import { isRecord, type InputFormat } from './types.js'

type Detected = Exclude<InputFormat, 'terraform-plan' | 'terraform-state'> | 'terraform'

/** Which input format a parsed document is, by its content (never by the file name). */
export function detectFormat(doc: unknown, source: string): Detected {
  if (Array.isArray(doc)) return 'container-definitions'
  if (!isRecord(doc)) {
    throw sourceError(
      source,
      `it holds ${JSON.stringify(doc)}, not a task definition, template or containerDefinitions array`,
    )
  }
  if (isRecord(doc.taskDefinition)) return 'describe-task-definition'
  if (isRecord(doc.Resources) || 'AWSTemplateFormatVersion' in doc) return 'cloudformation'
  if ('format_version' in doc && ('terraform_version' in doc || 'values' in doc || 'planned_values' in doc)) {
    return 'terraform'
  }
  if ('terraform_version' in doc && Array.isArray(doc.resources)) {
    throw sourceError(source, 'it is a raw Terraform state file; load the output of `terraform show -json` instead')
  }
  if ('containerDefinitions' in doc || 'family' in doc) return 'register-task-definition'
  const keys = Object.keys(doc).slice(0, 8).join(', ') || 'none'
  throw sourceError(
    source,
    'not a task definition: expected RegisterTaskDefinition input, describe-task-definition output, a ' +
      `CloudFormation or CDK template, terraform show -json output or a containerDefinitions array (its keys: ${keys})`,
  )
}
