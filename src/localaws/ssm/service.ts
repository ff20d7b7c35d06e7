import { AwsError } from '../awsError.js'
import type { JsonFields } from '../protocols/jsonFields.js'
import { createJsonService } from '../protocols/json.js'
import type { AwsService } from '../service.js'
import { PARAMETER_TYPES, type ParameterRef, type ParameterStore, type ParameterType } from './store.js'

/** Standard-tier values; the advanced tier (8 KB) is not modelled. */
const MAX_VALUE = 4096

/** SSM Parameter Store over JSON 1.1: GetParameter(s) for tasks, PutParameter to seed. */
export function createSsmService(store: ParameterStore): AwsService {
  /** Parsing a bad name is the call's error, reported once the caller is authenticated. */
  function refOf(f: JsonFields, requested: string): ParameterRef | AwsError {
    try {
      return store.ref(requested)
    } catch (e) {
      if (e instanceof AwsError) return e
      throw e
    }
  }

  const arnOf = (ref: ParameterRef | AwsError, requested: string) =>
    ref instanceof AwsError ? requested : ref.byArn ? requested : store.arn(ref.name)

  /** The Parameter structure, or undefined when it does not exist. */
  function read(ref: ParameterRef, decrypt: boolean) {
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
          const ref = refOf(f, requested)
          return {
            input: { ref, requested, decrypt: f.boolean('WithDecryption') ?? false },
            resource: arnOf(ref, requested),
          }
        },
        run({ ref, requested, decrypt }: { ref: ParameterRef | AwsError; requested: string; decrypt: boolean }) {
          if (ref instanceof AwsError) throw ref
          const parameter = read(ref, decrypt)
          if (parameter) return { Parameter: parameter }
          if (ref.version !== undefined && store.find({ ...ref, version: undefined })) {
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
          const refs = [...new Set(names)].map((n) => [n, refOf(f, n)] as const)
          const resource = refs.map(([n, ref]) => arnOf(ref, n)).join(',')
          return { input: { refs, decrypt: f.boolean('WithDecryption') ?? false }, resource }
        },
        run({ refs, decrypt }: { refs: (readonly [string, ParameterRef | AwsError])[]; decrypt: boolean }) {
          const bad = refs.find(([, ref]) => ref instanceof AwsError)
          if (bad) throw bad[1]
          const Parameters: object[] = []
          const InvalidParameters: string[] = []
          for (const [requested, ref] of refs) {
            const p = ref instanceof AwsError ? undefined : read(ref, decrypt)
            if (p) Parameters.push(p)
            else InvalidParameters.push(requested)
          }
          return { Parameters, InvalidParameters }
        },
      },
      PutParameter: {
        parse(f) {
          const requested = f.required('Name', { min: 1, max: 2048 })
          const ref = refOf(f, requested)
          const value = f.required('Value', { max: MAX_VALUE })
          const pattern: [RegExp, string] = [/^(String|StringList|SecureString)$/, `[${PARAMETER_TYPES.join(', ')}]`]
          const type = f.string('Type', { pattern }) as ParameterType | undefined
          const input = { ref, value, type, overwrite: f.boolean('Overwrite') ?? false }
          return { input, resource: arnOf(ref, requested) }
        },
        run(input: { ref: ParameterRef | AwsError; value: string; type?: ParameterType; overwrite: boolean }, ctx) {
          const { ref } = input
          if (ref instanceof AwsError) throw ref
          if (ref.selector !== undefined || ref.byArn)
            throw new AwsError('ValidationException', 'PutParameter takes a parameter name')
          const version = store.put(ref.name, input.value, input.type, input.overwrite, ctx.now)
          return { Version: version, Tier: 'Standard' }
        },
      },
    },
  })
}
