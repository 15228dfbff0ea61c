#!/usr/bin/env bash
# Sampler throughput at β_c: rgae's updates against the plain C references of
# bench/reference.c, medians of REPS runs, as the markdown table in BENCHMARKS.md.
# usage: bench/ising.sh [REPS]   (builds rgae in release first)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
cargo build --release -q -p rgae
gcc -O3 -march=native -o target/reference bench/reference.c -lm
rgae=target/release/rgae
beta=0.4406867935097715
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { python3 -c "import json,sys; v=json.loads(sys.stdin.read().strip().splitlines()[-1])['$1']; print(v if v is not None else 'nan')"; }
echo "| L | algorithm | threads | flips/ns | ns per flipped spin | ratio to rgae plain Metropolis | C plain Metropolis flips/ns | C Wolff ns per flipped spin |"
echo "|---|---|---|---|---|---|---|---|"
for L in 64 256 1024; do
  sweeps_c=$(( 200000000 / (L * L) ))
  c_metro=$(for i in $(seq "$reps"); do target/reference metropolis "$L" "$sweeps_c" "$beta"; done | median)
  c_wolff=$(for i in $(seq "$reps"); do target/reference wolff "$L" 50 "$beta" | awk '{print $2}'; done | median)
  for alg in metropolis heatbath multispin wolff sw; do
    for threads in 1 2; do
      runs=$(for i in $(seq "$reps"); do $rgae bench ising --size "$L" --algorithm "$alg" --threads "$threads" 2>/dev/null | tail -1; done)
      fpn=$(echo "$runs" | while read -r l; do echo "$l" | field flips_per_ns; done | median)
      npf=$(echo "$runs" | while read -r l; do echo "$l" | field ns_per_flipped_spin; done | median)
      ratio=$(echo "$runs" | while read -r l; do echo "$l" | field ratio_to_reference; done | median)
      printf '| %s | %s | %s | %.3f | %s | %.2f | %.3f | %s |\n' "$L" "$alg" "$threads" "$fpn" \
        "$( [ "$npf" = nan ] && echo - || printf '%.2f' "$npf")" "$ratio" "$c_metro" "$c_wolff"
    done
  done
done
