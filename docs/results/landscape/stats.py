#!/usr/bin/env python3
"""Tables for docs/results/landscape.md from the run folders of docs/results/landscape/run.sh.

usage: python3 docs/results/landscape/stats.py RUNS_DIR
"""
import csv, glob, os, re, statistics, sys

root = sys.argv[1] if len(sys.argv) > 1 else 'runs/landscape'

def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))

def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return float('nan')

print('## Full-batch gd, edge of stability\n')
print('| lr | 2/lr | seed | λ_max at epoch 20 | 100 | 300 | 1000 | max lr·λ/2 | epochs with lr·λ/2 in [0.9, 1.1] (of 50 measured) | train loss @1000 | test acc. @1000 |')
print('|---|---|---|---|---|---|---|---|---|---|---|')
for d in sorted(glob.glob(os.path.join(root, 'gd-lr*-seed*')), key=lambda p: (float(re.search(r'lr([\d.]+)', p).group(1)), p)):
    lr = float(re.search(r'lr([\d.]+)-', d).group(1))
    seed = re.search(r'seed(\d+)', d).group(1)
    r = rows(os.path.join(d, 'metrics.csv'))
    lam = {int(x['epoch']): num(x['sharpness']) for x in r if num(x['sharpness']) == num(x['sharpness'])}
    ratios = [lr * v / 2 for v in lam.values()]
    near = sum(1 for q in ratios if 0.9 <= q <= 1.1)
    g = lambda e: '%.1f' % lam[e] if e in lam else '–'
    last = r[-1]
    print('| %g | %g | %s | %s | %s | %s | %s | %.2f | %d | %.4f | %.4f |' % (lr, 2 / lr, seed, g(20), g(100), g(300), g(max(lam) if lam else 0),
          max(ratios), near, num(last['train_loss']), num(last['test_accuracy'])))

print('\n## sgd lr 0.05, batch 64 against 1024\n')
print('| batch | seed | temperature lr/B | B_simple @1 | B_simple @30 | gradient noise @30 | λ_max @2 | λ_max @30 | lr·λ/2 @30 | train loss @30 | test acc. @30 |')
print('|---|---|---|---|---|---|---|---|---|---|---|')
final = {}
for d in sorted(glob.glob(os.path.join(root, 'sgd-b*-seed*')), key=lambda p: (int(re.search(r'-b(\d+)', p).group(1)), p)):
    b = int(re.search(r'-b(\d+)', d).group(1))
    seed = re.search(r'seed(\d+)', d).group(1)
    r = rows(os.path.join(d, 'metrics.csv'))
    first, last = r[0], r[-1]
    final[(b, seed)] = num(last['sharpness'])
    print('| %d | %s | %.2e | %.1f | %.1f | %.3g | %.1f | %.1f | %.2f | %.4f | %.4f |' % (b, seed, num(last['temperature']), num(first['noise_scale']),
          num(last['noise_scale']), num(last['gradient_noise']), num(r[1]['sharpness']), num(last['sharpness']), num(last['stability_ratio']),
          num(last['train_loss']), num(last['test_accuracy'])))
pairs = [final[(1024, s)] - final[(64, s)] for (b, s) in final if b == 64 and (1024, s) in final]
if pairs:
    print('\nλ_max @30, batch 1024 − batch 64, paired by seed: ' + ', '.join('%+.1f' % p for p in pairs))

print('\n## The line between sgd and adams-pece from one initialisation (20 epochs, lr 0.05, batch 64)\n')
print('| seed | sgd test acc. | adams-pece test acc. | train loss at 0 / 1 | max train loss on [0, 1] | train barrier | test barrier |')
print('|---|---|---|---|---|---|---|')
for d in sorted(glob.glob(os.path.join(root, 'line-seed*'))):
    seed = re.search(r'seed(\d+)', d).group(1)
    r = rows(os.path.join(d, 'interpolation.csv'))
    a = [num(x['alpha']) for x in r]
    tr = [num(x['train_loss']) for x in r]
    te = [num(x['test_loss']) for x in r]
    i0 = min(range(len(a)), key=lambda i: abs(a[i]))
    i1 = min(range(len(a)), key=lambda i: abs(a[i] - 1))
    def barrier(l):
        return max(l[i] - ((1 - a[i]) * l[i0] + a[i] * l[i1]) for i in range(len(a)) if -1e-9 <= a[i] <= 1 + 1e-9)
    inside = [tr[i] for i in range(len(a)) if -1e-9 <= a[i] <= 1 + 1e-9]
    sa = rows(os.path.join(root, 'line-sgd-seed%s' % seed, 'metrics.csv'))[-1]
    sb = rows(os.path.join(root, 'line-adams-pece-seed%s' % seed, 'metrics.csv'))[-1]
    print('| %s | %.4f | %.4f | %.4f / %.4f | %.4f | %.4f | %.4f |' % (seed, num(sa['test_accuracy']), num(sb['test_accuracy']), tr[i0], tr[i1],
          max(inside), barrier(tr), barrier(te)))
