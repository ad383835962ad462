#!/bin/sh
# The three MLP presets of seed 000, chapter 7, with 20 initialisations each (seeds 1 to 20), on the
# fast executor, two processes side by side on a 2-core machine (one native thread each): one
# trains batch-mlp and then adams-mlp, the other momentum-mlp (about 35 minutes each). Running the
# script again resumes whatever an interruption left unfinished.
#   docs/results/seed000-n20/run.sh [DESCENT] [OUT]
# With CNN=N (for example CNN=5) it then trains batch-cnn with N initialisations, one arm per process
# (a LeNet epoch is about 5 s on the fast executor), and then momentum-cnn and adams-cnn side by side,
# one process each (session 13: about 55 and 85 minutes for N = 5).
# then: python3 docs/results/seed000-n20/stats.py OUT
set -e
D=${1:-./descent}
OUT=${2:-runs/seed000-n20}
N=${N:-20}
mkdir -p "$OUT"
( "$D" compare --preset batch-mlp --inits "$N" --out "$OUT/batch-mlp" >> "$OUT.batch-mlp.log" 2>&1
  "$D" compare --preset adams-mlp --inits "$N" --out "$OUT/adams-mlp" >> "$OUT.adams-mlp.log" 2>&1 ) &
"$D" compare --preset momentum-mlp --inits "$N" --out "$OUT/momentum-mlp" >> "$OUT.momentum-mlp.log" 2>&1 &
wait
if [ -n "$CNN" ]; then
  "$D" compare --preset batch-cnn --inits "$CNN" --out "$OUT/batch-cnn" --arms adaptive-batch >> "$OUT.batch-cnn-a.log" 2>&1 &
  "$D" compare --preset batch-cnn --inits "$CNN" --out "$OUT/batch-cnn" --arms constant-batch >> "$OUT.batch-cnn-b.log" 2>&1 &
  wait
  "$D" compare --preset batch-cnn --inits "$CNN" --out "$OUT/batch-cnn" --report >> "$OUT.batch-cnn-report.log" 2>&1
  "$D" compare --preset momentum-cnn --inits "$CNN" --out "$OUT/momentum-cnn" >> "$OUT.momentum-cnn.log" 2>&1 &
  "$D" compare --preset adams-cnn --inits "$CNN" --out "$OUT/adams-cnn" >> "$OUT.adams-cnn.log" 2>&1 &
  wait
fi
