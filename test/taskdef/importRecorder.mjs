// Preloaded with `node --import`: records every module the process resolves, in the file ECSL_IMPORT_LOG names.
import { register } from 'node:module'

register('./importHooks.mjs', import.meta.url)
