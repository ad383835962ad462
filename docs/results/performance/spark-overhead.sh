#!/bin/bash
# The overhead of compare --spark beside a plain compare (issue #16): three sweeps of K = 8 runs
# (2 arms x 4 initialisations), each run as a plain compare, on local[1] and on local[2], in
# rotation, ROUNDS times; wall time of the whole command. Run from the repository root after
# 'mvn install' (app/spark lays out target/spark-home); the machine otherwise idle.
# usage: docs/results/performance/spark-overhead.sh [ROUNDS]   (default 3; about 7 minutes)
set -u
rounds=${1:-3}
out=$(mktemp -d)
export SPARK_HOME=${SPARK_HOME:-app/spark/target/spark-home}
R="--optimizers sgd,momentum --dataset rings --samples 50000 --test-samples 1000 --hidden 32,32 --lr 0.02 --batch-size 4 --inits 4"
F="--optimizers sgd,momentum --dataset fashion-mnist --scaling standardize --model mlp --lr 0.1 --batch-size 64 --inits 4"
sweep() {
  local name=$1; shift
  for r in $(seq 1 "$rounds"); do
    line="$name round $r"
    for mode in plain 'local[1]' 'local[2]'; do
      rm -rf "$out/run"
      s=$(date +%s.%N)
      if [ "$mode" = plain ]; then
        ./descent compare "$@" --out "$out/run" >/dev/null 2>&1 || { echo "$name: plain compare failed"; exit 1; }
      else
        ./descent compare "$@" --out "$out/run" --spark "$mode" >/dev/null 2>&1 || { echo "$name: --spark $mode failed"; exit 1; }
      fi
      e=$(date +%s.%N)
      t=$(echo "$e - $s" | bc)
      [ "$mode" = plain ] && plain=$t
      line="$line  $mode $(printf '%.2f' "$t") s ($(echo "scale=2; $t / $plain" | bc)x)"
    done
    echo "$line"
  done
}
# one untimed Spark run first: the first driver for these jars writes its class-data archive (once)
./descent compare $R --epochs 1 --out "$out/warm" --spark 'local[1]' >/dev/null 2>&1
sweep "rings, 2 epochs" $R --epochs 2
sweep "rings, 12 epochs" $R --epochs 12
sweep "fashion-mnist mlp, 2 epochs" $F --epochs 2
rm -rf "$out"
