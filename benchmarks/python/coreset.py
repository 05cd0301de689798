"""k-center greedy (ALGORITHMS.md 2.1 CSET; google/active-learning kcenter_greedy), in numpy.

Usage: python3 coreset.py DIR COUNT FIRST
  reads DIR/x.npy (N, D) float32 and DIR/centres.npy (int32, may be empty); writes DIR/picks.npy
  (int32) and DIR/dist.npy (float64 min distance of each pick when picked). Ties: lowest index
  (np.argmax). Picked rows and centres are never picked again. FIRST is the first pick when
  there are no centres (the reference draws it at random).
"""
import sys

import numpy as np


def kcenter_greedy(x, centres, count, first):
    x = x.astype(np.float64)
    n = x.shape[0]
    min_d = np.full(n, np.inf)
    taken = np.zeros(n, dtype=bool)
    for c in centres:
        min_d = np.minimum(min_d, np.sqrt(((x - x[c]) ** 2).sum(axis=1)))
        taken[c] = True
    picks, dists = [], []
    for step in range(min(count, n)):
        if len(centres) == 0 and step == 0:
            ind = first
        else:
            masked = np.where(taken, -np.inf, min_d)
            if taken.all():
                break
            ind = int(np.argmax(masked))
        picks.append(ind)
        dists.append(min_d[ind])
        taken[ind] = True
        min_d = np.minimum(min_d, np.sqrt(((x - x[ind]) ** 2).sum(axis=1)))
    return np.array(picks, dtype=np.int32), np.array(dists, dtype=np.float64)


def main(argv):
    d, count, first = argv[1], int(argv[2]), int(argv[3])
    x = np.load(f"{d}/x.npy")
    centres = np.load(f"{d}/centres.npy").astype(int).tolist()
    picks, dists = kcenter_greedy(x, centres, count, first)
    np.save(f"{d}/picks.npy", picks)
    np.save(f"{d}/dist.npy", dists.astype(np.float32))


if __name__ == "__main__":
    main(sys.argv)
