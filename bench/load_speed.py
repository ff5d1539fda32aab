"""Time (or profile) load_content alone, without the rest of the benchmark.

    .venv/bin/python bench/load_speed.py 100 1000            # seconds for each size, one run
    .venv/bin/python bench/load_speed.py 100 --profile /tmp/load   # py-spy, top functions

Each size is loaded into a fresh PostgreSQL database of its own name, so a
benchmark another engineer runs at the same time is not disturbed. With
--profile, py-spy records the whole command and the script prints the
functions that held the most samples, by their own time and with their callees.
"""

import argparse
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import scaling
from services import POSTGRES, REPO, django_env, drop_database, ensure_postgres

DATABASE = "careerguide_loadspeed"


def profile(count, env, database, output, top):
    """py-spy over `manage.py load_content` of count roles; print the heaviest functions."""
    with tempfile.TemporaryDirectory(prefix="careerguide-profile-") as folder:
        scaling.write_content_set(Path(folder), count)
        scaling.fresh_database(env, database)
        raw = Path(f"{output}-{count}.txt")
        command = [sys.executable, "manage.py", "load_content", folder, "--verbosity", "0"]
        spy = [str(Path(sys.executable).with_name("py-spy")), "record", "--format", "raw"]
        subprocess.run(
            [*spy, "--rate", "50", "-o", str(raw), "--", *command], cwd=REPO, env=env, check=True
        )
    print_top(raw, top)


def print_top(raw, top):
    own, inclusive, total = Counter(), Counter(), 0
    for line in raw.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        frames = [
            frame.split(" (")[0] + " " + frame.rsplit("/", 1)[-1] for frame in stack.split(";")
        ]
        total += int(samples)
        own[frames[-1]] += int(samples)
        for frame in set(frames):
            inclusive[frame] += int(samples)
    for title, counts in (("own time", own), ("with callees", inclusive)):
        print(f"\n{title} (of {total} samples):")
        for frame, samples in counts.most_common(top):
            print(f"  {samples / total:6.1%}  {frame}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="+", type=int)
    parser.add_argument("--profile", metavar="PREFIX", help="write py-spy samples to PREFIX-N.txt")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--database", default=DATABASE)
    options = parser.parse_args()
    ensure_postgres()
    database = options.database
    # Its own database, and no Redis: the page cache of a running benchmark is left alone.
    env = django_env(DATABASE_URL=f"{POSTGRES}/{database}", REDIS_URL="")
    try:
        if options.profile:
            for count in options.counts:
                profile(count, env, database, options.profile, options.top)
            return 0
        print(scaling.measure(options.counts, env, database))
    finally:
        drop_database(database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
