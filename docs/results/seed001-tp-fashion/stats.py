"""Per-arm and paired statistics of a tp-fashion comparison from its run folders.

python3 docs/results/seed001-tp-fashion/stats.py runs/tp-fashion [EPOCHS]

Only arms whose every init has EPOCHS (default 20) rows are reported; paired differences use the
inits both arms have finished (init i of every arm starts from the same weights and data order).
"""
import csv, math, os, statistics as st, sys

root = sys.argv[1]
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447}


def runs(arm):
    out = {}
    d = os.path.join(root, arm)
    if not os.path.isdir(d):
        return out
    for init in sorted(os.listdir(d)):
        f = os.path.join(d, init, "metrics.csv")
        if os.path.isfile(f):
            rows = list(csv.DictReader(open(f)))
            if len(rows) >= epochs:
                out[init] = rows[:epochs]
    return out


def at_best_validation(rows):
    best = min(range(len(rows)), key=lambda e: float(rows[e]["validation_loss"]))
    return float(rows[best]["test_accuracy"]), best + 1


def ms(v):
    return f"{st.mean(v):.3f} ± {st.stdev(v):.3f}" if len(v) > 1 else f"{v[0]:.3f}"


arms = [a for a in sorted(os.listdir(root)) if os.path.isdir(os.path.join(root, a))]
data = {a: runs(a) for a in arms}
data = {a: r for a, r in data.items() if r}
marks = [e for e in (1, 2, 5, 10, 20) if e <= epochs]
print("| arm | seeds | " + " | ".join(f"test acc. @{e}" for e in marks)
      + " | test acc. at best validation (epoch) | train loss @%d | moved L1/L2/L3/L4 (median) | s / epoch (median) |" % epochs)
print("|---" * (len(marks) + 6) + "|")
for a, r in data.items():
    rs = list(r.values())
    acc = [ms([float(x[e - 1]["test_accuracy"]) for x in rs]) for e in marks]
    bv = [at_best_validation(x) for x in rs]
    moved = []
    for layer in range(1, 5):
        k = f"layer{layer}_moved"
        if k in rs[0][0]:
            moved.append(f"{st.median(float(x[-1][k]) for x in rs):.2g}")
    sec = st.median(float(row["epoch_seconds"]) for x in rs for row in x)
    print(f"| {a} | {len(rs)} | " + " | ".join(acc) + f" | {ms([b[0] for b in bv])} ({', '.join(str(b[1]) for b in bv)})"
          + f" | {ms([float(x[-1]['train_loss']) for x in rs])} | {'/'.join(moved)} | {sec:.1f} |")


def paired(a, b, metric):
    common = sorted(set(data[a]) & set(data[b]))
    if len(common) < 2:
        return None
    d = [metric(data[a][i]) - metric(data[b][i]) for i in common]
    m, s = st.mean(d), st.stdev(d)
    h = T975[len(d) - 1] * s / math.sqrt(len(d))
    return f"{m:+.4f} ({m - h:+.4f} to {m + h:+.4f}), {len(d)} pairs"


print()
for a, b in [("tp-batch", "tp-batch-frozen"), ("dtp", "dtp-frozen"), ("dtp", "sgd"), ("tp-batch", "sgd"),
             ("dtp", "dtp-thesis"), ("tp-batch-lee-target", "tp-batch"), ("tp-batch-unit", "tp-batch"),
             ("tp-batch-exact", "tp-batch")]:
    if a in data and b in data:
        last = paired(a, b, lambda x: float(x[-1]["test_accuracy"]))
        best = paired(a, b, lambda x: at_best_validation(x)[0])
        print(f"- {a} − {b}: test accuracy at epoch {epochs} {last}; at the best-validation epoch {best}")
