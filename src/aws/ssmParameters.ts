import type { GetParametersCommand, GetParametersCommandOutput, Parameter } from '@aws-sdk/client-ssm'
import { describeError } from '../errors.js'
import { executionResourceError } from './resourceInitError.js'
import { withRetry, type RetryOptions } from './retry.js'
import { sdk } from './sdk.js'

/** The part of SSMClient used here; the client satisfies it, tests hand in a fake. */
export interface SsmSender {
  send(command: GetParametersCommand): Promise<GetParametersCommandOutput>
}

/** GetParameters takes at most 10 names (the agent's MaxBatchNum). */
export const SSM_BATCH = 10

/** One GetParameters call; names as the task wrote them (name, name:selector or ARN), answers mapped back to them. */
export async function fetchSsmParameters(
  region: string,
  names: string[],
  client: SsmSender,
  retry: RetryOptions,
): Promise<Map<string, string>> {
  const where = `fetching secret data from SSM Parameter Store in ${region}`
  const { GetParametersCommand } = await sdk.ssm()
  const command = new GetParametersCommand({ Names: names, WithDecryption: true })
  let out: GetParametersCommandOutput
  try {
    out = await withRetry(() => client.send(command), retry)
  } catch (e) {
    throw executionResourceError('ssm', `${where}: ${describeError(e)}`, e)
  }
  if (out.InvalidParameters?.length) {
    throw executionResourceError('ssm', `${where}: invalid parameters: ${out.InvalidParameters.join(',')}`)
  }
  const found = new Map<string, string>()
  const missing: string[] = []
  for (const name of names) {
    const p = (out.Parameters ?? []).find((param) => answers(param, name))
    if (p) found.set(name, p.Value ?? '')
    else missing.push(name)
  }
  // The agent would quietly set "" here; an answer that skips a name is better reported.
  if (missing.length) throw executionResourceError('ssm', `${where}: no value returned for: ${missing.join(',')}`)
  return found
}

/** SSM echoes a requested ARN or plain name in Name or ARN, and a `:version`/`:label` in Selector. */
function answers(p: Parameter, requested: string): boolean {
  const selector = !p.Selector || p.Selector.startsWith(':') ? (p.Selector ?? '') : `:${p.Selector}`
  return [p.Name, p.ARN].some((id) => id !== undefined && (id === requested || id + selector === requested))
}
