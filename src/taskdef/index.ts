export { loadTaskDefinition, loadTaskDefinitionFrom, parseTaskDefinition, unwrapTaskDefinition } from './load.js'
export type { LoadDeps } from './load.js'
export { loadTaskDefinitionInput, parseTaskDefinitionInput } from './input.js'
export type { SourceReader } from './input.js'
export { registerInput } from './registerInput.js'
export { validateTaskDefinition, SUPPORTED_NETWORK_MODES } from './validate.js'
export {
  applyOverrides,
  defaultGroup,
  launchTypeOf,
  validateOverrides,
  validateRunInputs,
  withEnvironment,
} from './overrides.js'
export type { LocalLaunchType, RunInputs } from './overrides.js'
export type { InputFormat, Loaded, LoadedDefinition, LoadOptions, TaskDefinitionInput } from './types.js'
