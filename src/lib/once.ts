/**
 * `make`, run on the first call only: every later call gets the same promise. A rejection is forgotten, so the
 * call after a failure tries again rather than failing for good.
 */
export function onceAsync<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () =>
    (pending ??= make().catch((e: unknown) => {
      pending = undefined
      throw e
    }))
}
