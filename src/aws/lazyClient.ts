import { onceAsync } from '../lib/once.js'

/** What every SDK v3 client has. */
interface SdkClient {
  send(...args: never[]): Promise<unknown>
  destroy(): void
}

/**
 * An SDK v3 client built on its first send, its package imported then: the daemon starts with no client
 * package loaded, and one that a task never calls is never loaded (see sdk.ts).
 */
export class LazyClient<C extends SdkClient> {
  #built: C | undefined
  readonly #get: () => Promise<C>

  constructor(make: () => Promise<C>) {
    this.#get = onceAsync(async () => (this.#built = await make()))
  }

  /** The client's own send, each overload forwarded as it is (hence the cast). */
  readonly send = ((...args: never[]) => this.#get().then((c) => c.send(...args))) as unknown as C['send']

  /** The client, built now if it is not yet. */
  client(): Promise<C> {
    return this.#get()
  }

  get built(): boolean {
    return this.#built !== undefined
  }

  /** Closes the client's sockets, if it was ever built. */
  destroy(): void {
    this.#built?.destroy()
  }
}

/** `lazyClient(sdk.ecr, (m) => createClient(m.ECRClient, opts))`: `make` runs once `load` has imported the package. */
export function lazyClient<M, C extends SdkClient>(load: () => Promise<M>, make: (sdk: M) => C): LazyClient<C> {
  return new LazyClient(async () => make(await load()))
}
