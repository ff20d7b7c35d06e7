/** Looks up a request value by condition key name: one value, or undefined (missing, or multi-valued). */
export type Lookup = (name: string) => string | undefined

/** `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, and the escapes `${*}`, `${?}`, `${$}`. */
export const VARIABLE = /\$\{\s*([^},']+?)\s*(?:,\s*'([^']*)'\s*)?\}/g

/**
 * The value a policy variable stands for (https://docs.aws.amazon.com/IAM/latest/UserGuide/
 * reference_policies_variables.html): the escapes stand for their character; a key missing from the request
 * takes the default when one is given, else the variable matches nothing (undefined).
 */
export function variableValue(name: string, fallback: string | undefined, lookup: Lookup): string | undefined {
  if (name === '*' || name === '?' || name === '$') return name
  return lookup(name) ?? fallback
}

/** Plain substitution, for exact comparisons; undefined when a variable has no value. */
export function substitute(text: string, lookup: Lookup): string | undefined {
  let missing = false
  const out = text.replace(VARIABLE, (_all, name: string, fallback: string | undefined) => {
    const value = variableValue(name, fallback, lookup)
    if (value === undefined) missing = true
    return value ?? ''
  })
  return missing ? undefined : out
}
