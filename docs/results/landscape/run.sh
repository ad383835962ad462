#!/bin/bash
# docs/results/landscape.md experiments; D=the descent launcher
D=${D:-./descent}
OUT=${OUT:-runs/landscape}
COMMON="--dataset fashion-mnist --train-limit 5000 --test-limit 2000 --model mlp --diagnostics-subset 5000"
a() { for lr in 0.02 0.05 0.1; do for seed in 1 2; do
  $D train $COMMON --optimizer gd --lr $lr --epochs 1000 --sharpness-every 20 --seed $seed --out $OUT/gd-lr$lr-seed$seed --overwrite > /dev/null || echo "failed gd $lr $seed"
done; done; }
b() { for bs in 64 1024; do for seed in 1 2; do
  $D train $COMMON --optimizer sgd --lr 0.05 --batch-size $bs --epochs 30 --sharpness-every 2 --noise-every 1 --seed $seed --out $OUT/sgd-b$bs-seed$seed --overwrite > /dev/null || echo "failed sgd $bs $seed"
done; done;
  for seed in 1 2 3; do for o in sgd adams-pece; do
  $D train $COMMON --optimizer $o --lr 0.05 --batch-size 64 --epochs 20 --seed $seed --out $OUT/line-$o-seed$seed --overwrite > /dev/null || echo "failed $o $seed"
  done
  $D landscape $OUT/line-sgd-seed$seed $OUT/line-adams-pece-seed$seed --points 31 --out $OUT/line-seed$seed
  done; }
"$@"
