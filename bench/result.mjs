// Shared by the benches: how a figure is summarised, and the line `bench/run.mjs` collects.

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Median, min and max of a list of numbers. */
export function spread(values) {
  const v = [...values].sort((a, b) => a - b)
  return { median: median(v), min: v[0], max: v.at(-1) }
}

/** One row of `npm run bench`'s summary table: `{ measure, ours, baseline, higherIsBetter, goal, ... }`. */
export function report(result) {
  console.log('BENCH_RESULT ' + JSON.stringify(result))
}
