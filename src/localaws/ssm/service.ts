import type { Accounts } from '../accounts.js'
import type { Scope } from '../arn.js'
import { AwsError } from '../awsError.js'
import { createJsonService } from '../protocols/json.js'
import type { AwsService } from '../service.js'
import { PARAMETER_TYPES, parameterRef, type ParameterRef, type ParameterStore, type ParameterType } from './store.js'

/** Standard-tier values; the advanced tier (8 KB) is not modelled. */
const MAX_VALUE = 4096

/** Parsing a bad name is the call's error, reported once the caller is authenticated. */
function refOf(requested: string): ParameterRef | AwsError {
  try {
    return parameterRef(requested)
  } catch (e) {
    if (e instanceof AwsError) return e
    throw e
  }
}

/** SSM Parameter Store over JSON 1.1: GetParameter(s) for tasks, PutParameter to seed. */
export function createSsmService(accounts: Accounts): AwsService {
  /** An ARN names its own account (a parameter shared across accounts is asked for by ARN); a name the caller's. */
  const storeOf = (ref: ParameterRef, caller: Scope): ParameterStore => accounts.get(ref.scope ?? caller).parameters

  /** arn:<p>:ssm:<region>:<acct>:parameter/<name>, the leading slash of a path dropped; a bad name as given. */
  const arnOf = (ref: ParameterRef | AwsError, requested: string, caller: Scope) =>
    ref instanceof AwsError ? requested : storeOf(ref, caller).arn(ref.name)

  /** The Parameter structure, or undefined when it does not exist. */
  function read(ref: ParameterRef, decrypt: boolean, caller: Scope) {
    const store = storeOf(ref, caller)
    const found = store.find(ref)
    if (!found) return undefined
    const { param, at } = found
    const name = ref.byArn ? param.name : ref.name
    return {
      Name: name,
      Type: at.type,
      Value: at.ciphertext !== undefined && !decrypt ? at.ciphertext : at.value,
      Version: at.version,
      ...(ref.selector !== undefined && { Selector: ref.selector }),
      LastModifiedDate: at.lastModified / 1000,
      ARN: store.arn(param.name),
      DataType: 'text',
    }
  }

  return createJsonService({
    name: 'ssm',
    targetPrefix: 'AmazonSSM',
    validationCode: 'ValidationException',
    actions: {
      GetParameter: {
        parse(f) {
          const requested = f.required('Name', { min: 1, max: 2048 })
          const ref = refOf(requested)
          return {
            input: { ref, requested, decrypt: f.boolean('WithDecryption') ?? false },
            target: (caller: Scope) => ({ resource: arnOf(ref, requested, caller) }),
          }
        },
        run({ ref, requested, decrypt }: { ref: ParameterRef | AwsError; requested: string; decrypt: boolean }, ctx) {
          if (ref instanceof AwsError) throw ref
          const parameter = read(ref, decrypt, ctx.scope)
          if (parameter) return { Parameter: parameter }
          if (ref.version !== undefined && storeOf(ref, ctx.scope).find({ ...ref, version: undefined })) {
            throw new AwsError(
              'ParameterVersionNotFound',
              `Systems Manager could not find version ${ref.version} of ${ref.name}. Verify the version and try again.`,
            )
          }
          throw new AwsError('ParameterNotFound', `Parameter ${requested} not found.`)
        },
      },
      GetParameters: {
        parse(f) {
          const names = f.strings('Names', 1, 10) ?? []
          if (f.raw.Names === undefined) f.violation(undefined, 'Names', 'not be null')
          const refs = [...new Set(names)].map((n) => [n, refOf(n)] as const)
          // IAM checks every parameter; the call log names them all.
          const target = (caller: Scope) => {
            const resources = refs.map(([n, ref]) => arnOf(ref, n, caller))
            return { resource: resources.join(','), resources }
          }
          return { input: { refs, decrypt: f.boolean('WithDecryption') ?? false }, target }
        },
        run({ refs, decrypt }: { refs: (readonly [string, ParameterRef | AwsError])[]; decrypt: boolean }, ctx) {
          const bad = refs.find(([, ref]) => ref instanceof AwsError)
          if (bad) throw bad[1]
          const Parameters: object[] = []
          const InvalidParameters: string[] = []
          for (const [requested, ref] of refs) {
            const p = ref instanceof AwsError ? undefined : read(ref, decrypt, ctx.scope)
            if (p) Parameters.push(p)
            else InvalidParameters.push(requested)
          }
          return { Parameters, InvalidParameters }
        },
      },
      PutParameter: {
        parse(f) {
          const requested = f.required('Name', { min: 1, max: 2048 })
          const ref = refOf(requested)
          const value = f.required('Value', { max: MAX_VALUE })
          const pattern: [RegExp, string] = [/^(String|StringList|SecureString)$/, `[${PARAMETER_TYPES.join(', ')}]`]
          const type = f.string('Type', { pattern }) as ParameterType | undefined
          const input = { ref, value, type, overwrite: f.boolean('Overwrite') ?? false }
          return { input, target: (caller: Scope) => ({ resource: arnOf(ref, requested, caller) }) }
        },
        run(input: { ref: ParameterRef | AwsError; value: string; type?: ParameterType; overwrite: boolean }, ctx) {
          const { ref } = input
          if (ref instanceof AwsError) throw ref
          if (ref.selector !== undefined || ref.byArn)
            throw new AwsError('ValidationException', 'PutParameter takes a parameter name')
          const version = storeOf(ref, ctx.scope).put(ref.name, input.value, input.type, input.overwrite, ctx.now)
          return { Version: version, Tier: 'Standard' }
        },
      },
    },
  })
}
