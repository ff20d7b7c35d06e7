import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import {
  parseTaskDefinitionInput,
  registerInput,
  validateTaskDefinition,
  type LoadOptions,
} from '../../src/taskdef/index.js'

export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/taskdefs/${name}`, import.meta.url))

export const fixtureText = (name: string): string => readFileSync(fixturePath(name), 'utf8')

/** A fixture loaded, validated and printed as `validate --json` prints it. */
export function normalised(name: string, options: LoadOptions = {}): RegisterTaskDefinitionCommandInput {
  return registerInput(validateTaskDefinition(parseTaskDefinitionInput(fixtureText(name), name, options).input))
}

export const sourceError = (message: RegExp) => ({ code: 'ECSL_ERR_TASKDEF_SOURCE', message })
