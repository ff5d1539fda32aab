"""How load_content's time grows with the number of roles.

The real role files are copied under new slugs and titles into a temporary
content folder (with the real catalog), then loaded into an empty database.
The two real roles stay in every set, because the copies link to them.
"""

import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from services import REPO, manage, recreate_database

CONTENT = REPO / "content"
SLUG_LINE = re.compile(r"^slug: (?P<value>.+)$", re.MULTILINE)
TITLE_LINE = re.compile(r"^title: (?P<value>.+)$", re.MULTILINE)

# Runs inside the Django process, so the figure leaves out interpreter and
# Django start-up, which do not grow with the content. The search index's
# refresh after the commit is part of the load; it is timed on its own too,
# since it is not the loader's code. CPU seconds are the load process's own
# (PostgreSQL's are not counted): on a busy machine they vary less than time.
# Each stage (reading the files, writing them, the index) also reports its CPU
# seconds in this process, in its worker processes, and on the whole machine
# (PostgreSQL's included, from /proc/stat): what the stage costs however many
# cores share it.
TIMED_LOAD = """
import json, os, resource, time
from django.core.management import call_command
from roles.content import load
from roles.search import index

def machine_busy():
    fields = [int(value) for value in open("/proc/stat").readline().split()[1:]]
    ticks = fields[0] + fields[1] + fields[2] + sum(fields[5:8])  # not idle, not iowait
    return ticks / os.sysconf("SC_CLK_TCK")


def clocks():
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (time.perf_counter(), time.process_time(),
            children.ru_utime + children.ru_stime, machine_busy())

stages = {{}}
def timed(name, function):
    def wrapper(*args, **kwargs):
        before = clocks()
        try:
            return function(*args, **kwargs)
        finally:
            spent = [after - start for after, start in zip(clocks(), before)]
            totals = stages.setdefault(name, [0.0] * 4)
            stages[name] = [total + part for total, part in zip(totals, spent)]
    return wrapper

load.read_all = timed("read", load.read_all)
index.refresh_after_commit = timed("index", index.refresh_after_commit)
started = clocks()
call_command("load_content", {path!r}, verbosity=0)
whole = [after - start for after, start in zip(clocks(), started)]
for name in ("read", "index"):  # a load that changed nothing refreshes no index
    stages.setdefault(name, [0.0] * 4)
stages["write"] = [w - r - i for w, r, i in zip(whole, stages["read"], stages["index"])]
print("LOAD_SECONDS", whole[0], whole[1], stages["index"][0])
print("STAGES", json.dumps({{"whole": whole, **stages}}))
"""
STAGE_NAMES = ("read", "write", "index", "whole")
CLOCKS = ("seconds", "command_cpu", "workers_cpu", "machine_cpu")


def write_content_set(target, count):
    """Write count role files (the real ones plus numbered copies) and the catalog."""
    originals = sorted((CONTENT / "roles").glob("*.md"))
    roles_dir = target / "roles"
    roles_dir.mkdir(parents=True)
    shutil.copy(CONTENT / "catalog.yaml", target / "catalog.yaml")
    for path in originals[:count]:
        shutil.copy(path, roles_dir / path.name)
    for number in range(len(originals), count):
        text = originals[number % len(originals)].read_text(encoding="utf-8")
        front_end = text.index("\n---", 4)
        front, rest = text[:front_end], text[front_end:]
        slug = f"{SLUG_LINE.search(front)['value']}-copy-{number:04d}"
        title = f"{TITLE_LINE.search(front)['value']} (copy {number})"
        front = SLUG_LINE.sub(f"slug: {slug}", front, count=1)
        front = TITLE_LINE.sub(f"title: {title}", front, count=1)
        (roles_dir / f"{slug}.md").write_text(front + rest, encoding="utf-8")
    return len(list(roles_dir.glob("*.md")))


def fresh_database(env, database):
    """An empty, migrated database of that name."""
    recreate_database(database)
    manage(env, "migrate", "--noinput", "--verbosity", "0")


def time_load(count, env, database):
    """Load count roles into a fresh database; return wall and in-process seconds.

    Then load the same files again, and again with one file changed, as an
    editor's everyday load does: those times are in "reloads".
    """
    with tempfile.TemporaryDirectory(prefix="careerguide-bench-") as folder:
        written = write_content_set(Path(folder), count)
        fresh_database(env, database)
        started = time.perf_counter()
        output = manage(env, "shell", "-c", TIMED_LOAD.format(path=folder), capture=True)
        wall = time.perf_counter() - started
        reloads = {"unchanged": reload_seconds(env, folder)}
        changed = sorted((Path(folder) / "roles").glob("*.md"))[-1]
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text.replace("summary: ", "summary: Changed. ", 1), encoding="utf-8")
        reloads["one_file_changed"] = reload_seconds(env, folder)
    in_process, cpu, indexing = map(float, output.split("LOAD_SECONDS", 1)[1].split()[:3])
    stages = json.loads(output.split("STAGES", 1)[1].splitlines()[0])
    return {
        "stages": {
            name: dict(zip(CLOCKS, (round(value, 2) for value in stages[name]), strict=True))
            for name in STAGE_NAMES
        },
        "roles": written,
        "load_seconds": round(in_process, 3),
        "cpu_seconds": round(cpu, 3),
        "search_index_seconds": round(indexing, 3),
        "command_seconds": round(wall, 3),
        "ms_per_role": round(in_process / written * 1000, 2),
        "reloads": reloads,
    }


def reload_seconds(env, folder):
    """Seconds load_content takes in its process (as TIMED_LOAD counts them) for folder."""
    output = manage(env, "shell", "-c", TIMED_LOAD.format(path=folder), capture=True)
    return round(float(output.split("LOAD_SECONDS", 1)[1].split()[0]), 3)


def measure(counts, env, database, log=print):
    runs = []
    for count in counts:
        log(f"  load_content with {count} roles ...")
        runs.append(time_load(count, env, database))
        run = runs[-1]
        log(
            f"    {run['load_seconds']:.1f} s ({run['ms_per_role']:.1f} ms per role; "
            f"{run['cpu_seconds']:.1f} s CPU; search index {run['search_index_seconds']:.1f} s)"
        )
        log(
            f"    again: {run['reloads']['unchanged']:.1f} s with nothing changed, "
            f"{run['reloads']['one_file_changed']:.1f} s with one file changed"
        )
        for name, spent in run["stages"].items():
            log(
                f"    {name}: {spent['seconds']:.1f} s; CPU s: command {spent['command_cpu']:.1f}, "
                f"workers {spent['workers_cpu']:.1f}, machine {spent['machine_cpu']:.1f}"
            )
    small, large = runs[0], runs[-1]
    return {
        "database": "PostgreSQL",
        "runs": runs,
        "ratio_large_to_small": round(large["load_seconds"] / small["load_seconds"], 2),
        "linear_ratio": round(large["roles"] / small["roles"], 2),
    }


if __name__ == "__main__":
    sys.exit("run bench/run.py")
