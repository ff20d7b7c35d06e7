import type { ContainerCondition, NetworkMode } from '@aws-sdk/client-ecs'

// The ECS model's enum values, written out because importing them at runtime loads the whole ECS client
// (~20 MB and 120 ms for every `run`). The types below fail to compile when the SDK adds or drops a value.

type Exhaustive<All extends string, Listed extends All> = [Exclude<All, Listed>] extends [never] ? Listed : never

const NETWORK_MODE_VALUES = ['awsvpc', 'bridge', 'host', 'none'] as const
export const NETWORK_MODES: ReadonlyArray<Exhaustive<NetworkMode, (typeof NETWORK_MODE_VALUES)[number]>> =
  NETWORK_MODE_VALUES

const CONDITION_VALUES = ['COMPLETE', 'HEALTHY', 'START', 'SUCCESS'] as const
export const CONTAINER_CONDITIONS: ReadonlyArray<Exhaustive<ContainerCondition, (typeof CONDITION_VALUES)[number]>> =
  CONDITION_VALUES
