#!/usr/bin/env python3
"""Tables for docs/results/seed000.md from the folders of docs/results/seed000-n20/run.sh.

usage: python3 docs/results/seed000-n20/stats.py OUT

Every arm of a preset starts from the same weights and sees the same data order for a given
initialisation, so each comparison is a paired difference (arm − baseline) per initialisation:
mean, sample sd, a 95 % t-interval, and in how many initialisations the arm is better.
"""
import csv, glob, math, os, re, statistics, sys

root = sys.argv[1] if len(sys.argv) > 1 else 'runs/seed000-n20'
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 11: 2.201,
        12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 24: 2.064,
        29: 2.045, 39: 2.023, 49: 2.010, 99: 1.984}


def t975(df):
    return T975.get(df) or T975[min((k for k in T975 if k >= df), default=99)]


def runs(preset, arm, epochs=50):
    out = {}
    for d in glob.glob(os.path.join(root, preset, arm, 'init-*')):
        path = os.path.join(d, 'metrics.csv')
        if os.path.exists(path):
            with open(path) as f:
                run = {int(r['epoch']): r for r in csv.DictReader(f)}
            if run and max(run) == epochs:  # finished runs only
                out[int(re.search(r'init-(\d+)', d).group(1))] = run
    return out


def value(run, epoch, metric):
    return float(run[epoch][metric])


def mean_sd(xs):
    return statistics.mean(xs), (statistics.stdev(xs) if len(xs) > 1 else float('nan'))


def paired(a, b, f):
    """f(run) per initialisation for both arms; returns the differences a − b over the inits both finished."""
    inits = sorted(set(a) & set(b))
    return [f(a[i]) - f(b[i]) for i in inits]


def interval(d):
    m, s = mean_sd(d)
    h = t975(len(d) - 1) * s / math.sqrt(len(d))
    return m, s, m - h, m + h


def row(label, d, lower_better=True, digits=4):
    m, s, lo, hi = interval(d)
    better = sum(1 for x in d if (x < 0 if lower_better else x > 0))
    fmt = '%+.' + str(digits) + 'f'
    print('| %s | %s ± %s | [%s, %s] | %d / %d |' % (label, fmt % m, ('%.' + str(digits) + 'f') % s, fmt % lo, fmt % hi, better, len(d)))


def same_until(a, b, last):
    """In how many paired initialisations the two arms' rows are identical for epochs 1..last."""
    inits = sorted(set(a) & set(b))
    cols = ('train_loss', 'test_loss', 'test_accuracy')
    same = sum(1 for i in inits if all(a[i][e][c] == b[i][e][c] for e in range(1, last + 1) for c in cols))
    print('\nthe arms are the same computation through epoch %d (identical rows) in %d of %d paired initialisations' % (last, same, len(inits)))


def head(title, arm, base):
    print('\n### %s\n' % title)
    print('| quantity (%s − %s, per initialisation) | mean ± sd | 95 %% interval | %s better in |' % (arm, base, arm))
    print('|---|---|---|---|')


def arms_table(preset, arms, epochs, metric, last=50):
    print('\n| arm | N | ' + ' | '.join('%s, epoch %d' % (metric, e) for e in epochs) + ' |')
    print('|---|---:|' + '---:|' * len(epochs))
    for arm in arms:
        r = runs(preset, arm, last)
        cells = []
        for e in epochs:
            m, s = mean_sd([value(x, e, metric) for x in r.values() if e in x])
            cells.append('%.4f ± %.4f' % (m, s))
        print('| %s | %d | %s |' % (arm, len(r), ' | '.join(cells)))


def rises(run, first, last, metric):
    """Epochs in first..last whose metric is above the epoch before's."""
    return sum(1 for e in range(first, last + 1) if value(run, e, metric) > value(run, e - 1, metric))


def jitter(run, first, last, metric):
    """sd of the epoch-to-epoch changes of metric over first..last."""
    return statistics.stdev([value(run, e, metric) - value(run, e - 1, metric) for e in range(first, last + 1)])


# batch-mlp, fig. 7.4
a, b = runs('batch-mlp', 'adaptive-batch'), runs('batch-mlp', 'constant-batch')
if a and b:
    print('## batch-mlp')
    arms_table('batch-mlp', ['adaptive-batch', 'constant-batch'], [20, 21, 30, 31, 40, 41, 50], 'test_loss')
    arms_table('batch-mlp', ['adaptive-batch', 'constant-batch'], [20, 50], 'train_loss')
    arms_table('batch-mlp', ['adaptive-batch', 'constant-batch'], [50], 'test_accuracy')
    same_until(a, b, 20)
    head('batch-mlp', 'adaptive', 'constant')
    for e in (21, 31, 41):
        row('change of test loss over epoch %d' % e, paired(a, b, lambda r: value(r, e, 'test_loss') - value(r, e - 1, 'test_loss')))
    row('test loss, epoch 50', paired(a, b, lambda r: value(r, 50, 'test_loss')))
    row('best test loss over 50 epochs', paired(a, b, lambda r: min(value(r, e, 'test_loss') for e in r)))
    row('train loss, epoch 50', paired(a, b, lambda r: value(r, 50, 'train_loss')))
    row('train loss, epoch 30', paired(a, b, lambda r: value(r, 30, 'train_loss')))
    row('test accuracy, epoch 50', paired(a, b, lambda r: value(r, 50, 'test_accuracy')), lower_better=False)
    print('\ngradient evaluations after epoch 50: adaptive %s, constant %s' % (
        sorted({int(float(r[50]['gradient_evaluations'])) for r in a.values()}), sorted({int(float(r[50]['gradient_evaluations'])) for r in b.values()})))

# momentum-mlp, fig. 7.7, and momentum-cnn, fig. 7.8 (the same protocol on LeNet, gradients clipped to norm 5)
for preset in ('momentum-mlp', 'momentum-cnn'):
    a, b = runs(preset, 'adaptive-momentum'), runs(preset, 'fixed-momentum')
    if a and b:
        print('\n## ' + preset)
        arms_table(preset, ['adaptive-momentum', 'fixed-momentum'], [20, 21, 22, 25, 35, 36, 50], 'train_loss')
        arms_table(preset, ['adaptive-momentum', 'fixed-momentum'], [50], 'test_loss')
        same_until(a, b, 20)
        head(preset, 'adaptive', 'fixed')
        for e in (21, 22, 36, 37):
            row('change of train loss over epoch %d' % e, paired(a, b, lambda r: value(r, e, 'train_loss') - value(r, e - 1, 'train_loss')))
        for e in (21, 25, 35, 36, 50):
            row('train loss, epoch %d' % e, paired(a, b, lambda r: value(r, e, 'train_loss')))
        row('test loss, epoch 50', paired(a, b, lambda r: value(r, 50, 'test_loss')))
        row('test accuracy, epoch 50', paired(a, b, lambda r: value(r, 50, 'test_accuracy')), lower_better=False)

# adams-mlp, fig. 7.9 and chapter 8, and adams-cnn, fig. 7.10
for preset in ('adams-mlp', 'adams-cnn'):
    a, b = runs(preset, 'sgd-then-adams-pece'), runs(preset, 'sgd')
    if a and b:
        print('\n## ' + preset)
        arms_table(preset, ['sgd-then-adams-pece', 'sgd'], [20, 21, 25, 30, 40, 50], 'train_loss')
        arms_table(preset, ['sgd-then-adams-pece', 'sgd'], [50], 'test_loss')
        same_until(a, b, 20)
        head(preset, 'adams', 'sgd')
        for e in (21, 25, 30, 40, 50):
            row('train loss, epoch %d' % e, paired(a, b, lambda r: value(r, e, 'train_loss')))
        row('test loss, epoch 50', paired(a, b, lambda r: value(r, 50, 'test_loss')))
        row('test accuracy, epoch 50', paired(a, b, lambda r: value(r, 50, 'test_accuracy')), lower_better=False)
        row('epochs 21-50 whose test loss rose', paired(a, b, lambda r: rises(r, 21, 50, 'test_loss')), digits=2)
        row('sd of the epoch-to-epoch test-loss change, 21-50', paired(a, b, lambda r: jitter(r, 21, 50, 'test_loss')))
        row('epochs 21-50 whose train loss rose', paired(a, b, lambda r: rises(r, 21, 50, 'train_loss')), digits=2)
        # beyond the thesis: the Adams arm at epoch 30 against sgd at its last epoch with no more gradient evaluations
        ev = lambda r, e: float(r[e]['gradient_evaluations'])
        inits = sorted(set(a) & set(b))
        d = []
        for i in inits:
            budget = ev(a[i], 30)
            e = max(k for k in b[i] if ev(b[i], k) <= budget)
            d.append(value(a[i], 30, 'train_loss') - value(b[i], e, 'train_loss'))
        print()
        head(preset + ' at equal gradient evaluations (beyond the thesis): Adams at epoch 30 against sgd at the epoch with as many evaluations',
             'adams', 'sgd')
        row('train loss', d)

# batch-cnn, figs. 7.5-7.6 (18 epochs; the batch grows after epochs 8, 12 and 15)
a, b = runs('batch-cnn', 'adaptive-batch', 18), runs('batch-cnn', 'constant-batch', 18)
if a and b:
    print('\n## batch-cnn')
    arms_table('batch-cnn', ['adaptive-batch', 'constant-batch'], [8, 9, 12, 13, 15, 16, 18], 'test_loss', 18)
    arms_table('batch-cnn', ['adaptive-batch', 'constant-batch'], [18], 'train_loss', 18)
    arms_table('batch-cnn', ['adaptive-batch', 'constant-batch'], [18], 'test_accuracy', 18)
    same_until(a, b, 8)
    head('batch-cnn', 'adaptive', 'constant')
    for e in (9, 13, 16):
        row('change of test loss over epoch %d' % e, paired(a, b, lambda r: value(r, e, 'test_loss') - value(r, e - 1, 'test_loss')))
    for e in (13, 16):
        d = [value(r, e, 'test_loss') - value(r, e - 1, 'test_loss') for r in a.values()]
        m, sd, lo, hi = interval(d)
        print('| adaptive arm alone: change of test loss over epoch %d | %+.4f ± %.4f | [%+.4f, %+.4f] | fell in %d / %d |' % (
            e, m, sd, lo, hi, sum(1 for x in d if x < 0), len(d)))
    row('test loss, epoch 18', paired(a, b, lambda r: value(r, 18, 'test_loss')))
    row('train loss, epoch 18', paired(a, b, lambda r: value(r, 18, 'train_loss')))
    row('test accuracy, epoch 18', paired(a, b, lambda r: value(r, 18, 'test_accuracy')), lower_better=False)
