export { loadTaskDefinition, parseTaskDefinition, unwrapTaskDefinition } from './load.js'
export { validateTaskDefinition, SUPPORTED_NETWORK_MODES } from './validate.js'
