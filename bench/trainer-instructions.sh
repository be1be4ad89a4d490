#!/usr/bin/env bash
# The Trainer's overhead over the bare native loop counted in instructions, which a machine whose speed drifts
# (this 2-core VM runs the same work 4.0-7.9 s from one run to the next) does not change. Each loop of
# bench/trainer.ts runs alone under valgrind's callgrind twice, for A and for B steps (OPENBLAS_NUM_THREADS=1: the
# BLAS work runs on the main thread, as valgrind serializes threads anyway); the difference over B - A is one
# step's count without startup, model loading and the JIT's warm-up (the first 40 steps). Prints the main
# thread's count and that of every thread (V8's compiler and GC threads included). Two runs at a time; ~18 minutes
# on 2 cores. The count still moves by a few
# percent between runs of the same loop (when V8 compiles and collects is not deterministic): run it more than once.
# Caveat: under valgrind a step takes ~1 s, so the Trainer's event-loop turn, due every 25 ms (loop-turns.ts),
# comes after every step instead of every ~6: the Trainer's count is an upper bound.
# Run: bash bench/trainer-instructions.sh [A B]   (default 40 120; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
A=${1:-40}
B=${2:-120}
command -v valgrind >/dev/null || { echo "trainer-instructions: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

count() { # loop steps: writes $out/<loop>-<steps>.{main,all}
  local loop=$1 steps=$2
  OPENBLAS_NUM_THREADS=1 THREADS=1 ONLY=$loop STEPS=$steps \
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$out/$loop-$steps.cg" \
    --smc-check=all-non-file node --import tsx --conditions=source bench/trainer.ts >"$out/$loop-$steps.log" 2>&1 ||
    { echo "trainer-instructions: $loop, $steps steps failed:" >&2; tail -n 20 "$out/$loop-$steps.log" >&2; return 1; }
  # one file per thread, the main thread's first (-01)
  grep -h '^summary:' "$out/$loop-$steps.cg-01" | awk '{print $2}' >"$out/$loop-$steps.main"
  cat "$out/$loop-$steps".cg-* | awk '/^summary:/ {s += $2} END {printf "%.0f\n", s}' >"$out/$loop-$steps.all"
}

for loop in bare tidy trainer; do
  count "$loop" "$A" &
  count "$loop" "$B"
  wait %1
done

per_step() { echo $((($(cat "$out/$1-$B.$2") - $(cat "$out/$1-$A.$2")) / (B - A))); }
echo "instructions per step (hf-tiny-bert, batch 8 x 32 tokens; steps $A -> $B)"
echo "| loop | main thread | all threads |"
echo "|---|---|---|"
for loop in bare tidy trainer; do echo "| $loop | $(per_step "$loop" main) | $(per_step "$loop" all) |"; done
echo "whole runs (main thread / all threads): $(for l in bare tidy trainer; do for n in $A $B; do printf "%s %s steps %s / %s; " "$l" "$n" "$(cat "$out/$l-$n.main")" "$(cat "$out/$l-$n.all")"; done; done)"
for base in bare tidy; do
  for what in main all; do
    awk -v t="$(per_step trainer $what)" -v b="$(per_step $base $what)" -v n="$base" -v w="$what" \
      'BEGIN {printf "Trainer over the %s loop, %s: %+.2f%%\n", n, (w == "main" ? "main thread" : "all threads"), (t / b - 1) * 100}'
  done
done
