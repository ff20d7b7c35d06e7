import { onceAsync } from '../lib/once.js'
import type { AwsService } from './service.js'

/** Imports one service's module and builds the service; called on the service's first request. */
export type ServiceLoader = () => Promise<AwsService>

/**
 * The services the local AWS serves, by SigV4 scope name, each loaded on its first request: a daemon whose
 * tasks call only STS and Logs never loads the S3 module and its XML builder. What the services share (keys,
 * roles, the call log, the accounts' stores and the seed's data in them) lives outside them, so loading one
 * late changes no answer.
 */
export class LazyServices {
  readonly #get = new Map<string, () => Promise<AwsService>>()
  readonly #loaded = new Map<string, AwsService>()
  readonly #fallback: () => Promise<AwsService>

  /** `fallback` names the service that answers requests naming none of these (unsigned, malformed). */
  constructor(loaders: Readonly<Record<string, ServiceLoader>>, fallback: string) {
    for (const [name, load] of Object.entries(loaders)) {
      this.#get.set(
        name,
        onceAsync(async () => {
          const service = await load()
          if (service.name !== name) throw new Error(`the loader of ${name} built ${service.name}`)
          this.#loaded.set(name, service)
          return service
        }),
      )
    }
    const answersTheRest = this.#get.get(fallback)
    if (!answersTheRest) throw new Error(`no loader for the fallback service ${fallback}`)
    this.#fallback = answersTheRest
  }

  /** Every name served, in the order given. */
  names(): string[] {
    return [...this.#get.keys()]
  }

  /** The service, loaded now if this is its first request; undefined for a name not served. */
  get(name: string): Promise<AwsService> | undefined {
    return this.#get.get(name)?.()
  }

  /** The service that answers requests naming no service served, loaded now if need be. */
  fallback(): Promise<AwsService> {
    return this.#fallback()
  }

  /** The services loaded so far, in the order they loaded. */
  loaded(): string[] {
    return [...this.#loaded.keys()]
  }
}
