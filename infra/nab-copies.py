#!/usr/bin/env python3
"""Writes eleven perturbed copies of a NAB data folder, for measuring how the detection figures hold on series that
differ slightly from the development subset (README, Performance, Detection, "Missed samples").

    python3 infra/nab-copies.py ../shared/datasets/nab-dev/data /tmp/nab-copies

Each copy is a folder of the same relative paths; the windows JSON of the original applies to all of them, since
windows are given by timestamps. Every choice is seeded from the copy's and the file's names, so the copies are the
same on every machine:

- d5s1, d5s2, d5s3: 5% of the rows dropped at random (three seeds);
- d5s1fill, d5s2fill, d5s3fill: the same rows replaced by linear interpolation between their kept neighbours;
- drop1, drop20: 1% and 20% of the rows dropped at random;
- every20: every 20th row dropped;
- jit20: timestamps moved by up to 20 seconds either way (kept increasing);
- noise1e-3: Gaussian noise of 0.1% of the file's standard deviation added to every value.

The first row of every file is always kept (it is the series' origin), and the last too in the filled copies.
"""
import csv
import datetime
import math
import os
import random
import sys
import zlib

FORMAT = '%Y-%m-%d %H:%M:%S'


def rng_for(*names):
    return random.Random(zlib.crc32('/'.join(names).encode()))


def dropped(rows, frac, rng):
    """Indexes of the rows to drop: each with probability frac, never the first or the last."""
    return {i for i in range(1, len(rows) - 1) if rng.random() < frac}


def drop(frac, seed):
    def make(rows, rel):
        gone = dropped(rows, frac, rng_for(seed, rel))
        return [r for i, r in enumerate(rows) if i not in gone]
    return make


def fill(frac, seed):
    def make(rows, rel):
        gone = dropped(rows, frac, rng_for(seed, rel))
        values = [float(r[1]) for r in rows]
        out, last = [], 0
        for i, row in enumerate(rows):
            if i not in gone:
                out.append(row)
                last = i
                continue
            after = i + 1
            while after in gone:
                after += 1
            value = values[last] + (values[after] - values[last]) * (i - last) / (after - last)
            out.append([row[0], repr(value)])
        return out
    return make


def every(n):
    return lambda rows, rel: [r for i, r in enumerate(rows) if i % n != n - 1]


def jitter(seconds):
    def make(rows, rel):
        rng = rng_for('jit', rel)
        out, previous = [], None
        for row in rows:
            t = datetime.datetime.strptime(row[0][:19], FORMAT) + datetime.timedelta(seconds=rng.uniform(-seconds, seconds))
            if previous is not None and t <= previous:
                t = previous + datetime.timedelta(seconds=1)
            previous = t
            out.append([t.strftime(FORMAT), row[1]])
        return out
    return make


def noise(share):
    def make(rows, rel):
        rng = rng_for('noise', rel)
        values = [float(r[1]) for r in rows]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values)) or 1
        return [[r[0], repr(float(r[1]) + rng.gauss(0, share * sd))] for r in rows]
    return make


COPIES = {
    **{f'd5s{s}': drop(0.05, f'd5s{s}') for s in (1, 2, 3)},
    **{f'd5s{s}fill': fill(0.05, f'd5s{s}') for s in (1, 2, 3)},
    'drop1': drop(0.01, 'drop1'),
    'drop20': drop(0.20, 'drop20'),
    'every20': every(20),
    'jit20': jitter(20),
    'noise1e-3': noise(1e-3),
}


def main(source, target):
    files = sorted(os.path.relpath(os.path.join(d, f), source)
                   for d, _, names in os.walk(source) for f in names if f.endswith('.csv'))
    if not files:
        sys.exit(f'{source}: no CSV files')
    for name, make in COPIES.items():
        for rel in files:
            with open(os.path.join(source, rel), newline='') as f:
                rows = list(csv.reader(f))[1:]
            path = os.path.join(target, name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', newline='') as f:
                writer = csv.writer(f)
                writer.writerow(['timestamp', 'value'])
                writer.writerows(make(rows, rel))
    print(f'{len(COPIES)} copies of {len(files)} files in {target}')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: nab-copies.py <nab data folder> <target folder>')
    main(sys.argv[1], sys.argv[2])
