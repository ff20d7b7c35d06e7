/**
 * A list of every value of an SDK string union, checked by the compiler both ways: each listed value is one of
 * T, and a value of T missing from the list fails the build, naming it. `allValuesOf<NetworkMode>()([...])`.
 */
export function allValuesOf<T extends string>() {
  return <const L extends readonly T[]>(
    values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): readonly T[] => values
}
