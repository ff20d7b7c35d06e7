# Sourced by .ci/run (and by test/unit/ciSummary.test.ts): how one `npm test` run is counted, and the one summary
# line CI reads. Pure functions of their arguments; nothing here runs anything.

# tap_counts LOG STATUS: prints "PASS FAIL SKIPPED" for one run of `npm test` whose output is in LOG and whose
# exit status was STATUS. tap 21 closes with `# { total: N, pass: N, fail: N, todo: N, skip: N }` (zero counts are
# left out); todo counts as skipped. A run without that line (build, typecheck, lint or the dependency check
# failed, so tap never ran) counts as one failure, and so does a failing exit with no failed assertion (e.g. a
# test file crashed): neither may read as green.
tap_counts() {
  local log=$1 status=$2 summary pass fail skip todo
  summary="$(grep -E '^# \{ total: ' "$log" 2>/dev/null | tail -n 1 || true)"
  if [[ -z "$summary" ]]; then
    echo "0 1 0"
    return
  fi
  pass="$(_tap_count pass "$summary")" fail="$(_tap_count fail "$summary")"
  skip="$(_tap_count skip "$summary")" todo="$(_tap_count todo "$summary")"
  pass=${pass:-0} fail=${fail:-0}
  if ((status != 0 && fail == 0)); then fail=1; fi
  echo "$pass $fail $((${skip:-0} + ${todo:-0}))"
}

_tap_count() { sed -nE "s/.*[{ ,]$1: ([0-9]+).*/\1/p" <<<"$2"; }

# sum_counts "PASS FAIL SKIPPED"...: prints the sum of several runs' counts (each as tap_counts printed them).
sum_counts() {
  local pass=0 fail=0 skip=0 c p f s
  for c in "$@"; do
    read -r p f s <<<"$c"
    pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
  done
  echo "$pass $fail $skip"
}

# summary_line PASS FAIL SKIPPED: the line CI reads, `N passed, N failed[, N skipped]`.
summary_line() {
  local line="$1 passed, $2 failed"
  if (($3)); then line+=", $3 skipped"; fi
  echo "$line"
}
