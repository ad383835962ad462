import csv, statistics as st, math, sys, os
root=sys.argv[1]
arms=[d for d in sorted(os.listdir(root)) if os.path.isdir(os.path.join(root,d))]
def load(arm,i):
    with open(f"{root}/{arm}/init-{i}/metrics.csv") as f:
        return list(csv.DictReader(f))
inits=range(0,5)
data={a:[load(a,i) for i in inits] for a in arms}
def ms(v): return f"{st.mean(v):.4f} ± {st.stdev(v):.4f}" if len(v)>1 else f"{v[0]:.4f}"
print("| arm | loss@10 | loss@25 | loss@50 | loss@300 | test acc@300 | first epoch all 100% test | moved L1/L2/L3 @300 (median) |")
for a in arms:
    runs=data[a]
    cols=[ms([float(r[e-1]['train_loss']) for r in runs]) for e in (10,25,50,300)]
    acc=ms([float(r[299]['test_accuracy']) for r in runs])
    first=next((e+1 for e in range(300) if all(float(r[e]['test_accuracy'])==1.0 for r in runs)),'never')
    mv=[]
    for L in (1,2,3):
        k=f'layer{L}_moved'
        if k in runs[0][0]:
            mv.append(f"{st.median([float(r[299][k]) for r in runs]):.2g}")
    print(f"| {a} | "+" | ".join(cols)+f" | {acc} | {first} | {'/'.join(mv)} |")
# paired: full vs frozen
def paired(a,b,e):
    d=[float(x[e-1]['train_loss'])-float(y[e-1]['train_loss']) for x,y in zip(data[a],data[b])]
    m=st.mean(d); s=st.stdev(d); h=2.776*s/math.sqrt(len(d))
    return f"{m:+.4f} (95% t-interval {m-h:+.4f} to {m+h:+.4f})"
for a,b in [('tp-online','tp-online-frozen'),('tp-linesearch','tp-linesearch-frozen'),('tp-linesearch-literal','tp-linesearch-literal-frozen'),('dtp','dtp-frozen'),('dtp-thesis','dtp-thesis-frozen')]:
    if a in data and b in data:
        for e in (10,25,50,300):
            print(f"paired {a} - {b}, train loss at epoch {e}: {paired(a,b,e)}")
