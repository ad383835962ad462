# The PyTorch side of `descent bench --against torch`: two epochs (or their first --steps steps) of
# the same network, batch, learning rate and thread count on the same Fashion-MNIST files, with
# plain SGD, the data scaled to [0, 1] and shuffled once per epoch. Prints one line:
#   first_epoch_seconds S1 epoch_seconds S2 steps N
# timed like descent's epoch_seconds: the shuffle and the mini-batch loop, not loading or testing.
import argparse, gzip, os, struct, sys, time

import torch

p = argparse.ArgumentParser()
p.add_argument("--model", choices=["mlp", "lenet"], required=True)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--lr", type=float, default=0.01)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--data", required=True)
p.add_argument("--steps", type=int, default=0)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)


def idx(name):
    path = os.path.join(a.data, name)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "i" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def find(stem):
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(a.data, name)):
            return name
    sys.exit("torch_bench: no " + stem + " in " + a.data)


x = idx(find("train-images-idx3-ubyte")).float().div_(255.0)
y = idx(find("train-labels-idx1-ubyte")).long()
n = x.shape[0]
if a.model == "mlp":
    x = x.reshape(n, 784)
    net = torch.nn.Sequential(torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32), torch.nn.ReLU(),
                              torch.nn.Linear(32, 10))
else:
    x = x.reshape(n, 1, 28, 28)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 6, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                              torch.nn.Conv2d(16, 120, 4), torch.nn.ReLU(), torch.nn.Flatten(),
                              torch.nn.Linear(120, 84), torch.nn.ReLU(), torch.nn.Linear(84, 10))
opt = torch.optim.SGD(net.parameters(), lr=a.lr)
loss_fn = torch.nn.CrossEntropyLoss()
steps = (n + a.batch - 1) // a.batch
if a.steps > 0:
    steps = min(steps, a.steps)
seconds = []
for epoch in range(2):
    start = time.perf_counter()
    order = torch.randperm(n)
    for b in range(steps):
        i = order[b * a.batch:(b + 1) * a.batch]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x[i]), y[i])
        loss.backward()
        opt.step()
    seconds.append(time.perf_counter() - start)
print("first_epoch_seconds %.6f epoch_seconds %.6f steps %d" % (seconds[0], seconds[1], steps), flush=True)
