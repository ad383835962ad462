#!/bin/sh
# More initialisations of the three CNN presets of seed 000, beside the ones run.sh made: seeds
# FROM to FROM+COUNT-1 (session 14: FROM=6 COUNT=5, seeds 6 to 10, after run.sh's CNN=5 had run seeds
# 1 to 5), as `compare --seed FROM --inits COUNT`. Init i of a compare trains from seed --seed + i,
# so these runs are the ones `--inits FROM+COUNT-1` would train as init-(FROM-1) and up: their
# metrics.csv and run.json are copied there into docs/results/seed000-n20/runs/PRESET/ARM/, next to
# the earlier ones, for stats.py. momentum-cnn and adams-cnn run side by side, batch-cnn as a third
# process (session 14: about 20, 65 and 75 minutes on this 2-core machine). Running it again resumes.
#   docs/results/seed000-n20/more-cnn.sh [DESCENT] [OUT]
# then: python3 docs/results/seed000-n20/stats.py docs/results/seed000-n20/runs
set -e
D=${1:-./descent}
OUT=${2:-runs/cnn-more}
FROM=${FROM:-6}
COUNT=${COUNT:-5}
mkdir -p "$OUT"
for p in momentum-cnn adams-cnn batch-cnn; do
  "$D" compare --preset "$p" --seed "$FROM" --inits "$COUNT" --out "$OUT/$p" >> "$OUT/$p.log" 2>&1 &
done
wait
here=$(dirname "$0")
for p in momentum-cnn adams-cnn batch-cnn; do
  for run in "$OUT/$p"/*/init-*; do
    arm=$(basename "$(dirname "$run")")
    i=$(basename "$run" | sed 's/init-//')
    to="$here/runs/$p/$arm/init-$((FROM - 1 + i))"
    mkdir -p "$to"
    cp "$run/metrics.csv" "$run/run.json" "$to/"
  done
done
