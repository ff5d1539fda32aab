"""How big and how slow each screen of the role editor is, for the largest real role.

    .venv/bin/python bench/admin_screens.py [--slug production-technician] [--repeat 5]

Loads the real content (content/) into a fresh database `careerguide_adminbench`
with the production settings (collecting the static files as bench/run.py
does), signs in a superuser with Django's test client (no network, so the
time is the server's alone: middleware, views, templates and queries), and
requests each editor screen (roles/admin_screens.py) of the role --repeat
times after one untimed request, then saves it unchanged once as a Publisher
(the save goes live) and once as an Editor (kept as a pending change).
Prints, per screen, the HTML size, the number of form controls, the queries,
the median time (wall clock, and the process's CPU time, which other work on
a busy machine inflates less) and the two save times.
The whole editor (no screen parameter, what History reverts render) is
measured once for comparison. The issue's aim: at most 300 KB and 0.5 s a screen.
PostgreSQL is started if it is down (which needs root); the database is dropped
afterwards, whatever happens.
"""

import argparse
import json

import services

DATABASE = "careerguide_adminbench"
BUDGET_BYTES, BUDGET_SECONDS = 300_000, 0.5

TIMED = """
import json, re, statistics, time
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from roles.admin_screens import SCREENS
from roles.models import PendingChange, Role
from tests.admin_forms import admin_form_data

role = Role.objects.get(slug={slug!r})
user = User.objects.create_superuser("bench-editor", "bench@example.com", "unused-password")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
change = f"/admin/roles/role/{{role.pk}}/change/"
controls = re.compile(rb"<(?:input|select|textarea)\\b")

def measure(url, repeat):
    response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)):
        client.get(url, secure=True)
    runs, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url, secure=True)
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {{"bytes": len(response.content), "controls": len(controls.findall(response.content)),
        "queries": len(queries), "seconds": statistics.median(runs),
        "cpu": statistics.median(cpu)}}

def timed_save(signed_in, url):
    # Seconds for an unchanged save of the screen, posted as a browser posts it.
    form = admin_form_data(signed_in.get(url, secure=True).content.decode())
    started = time.perf_counter()
    response = signed_in.post(url, {{**form, "_continue": "1"}}, secure=True)
    assert response.status_code == 302, (url, response.status_code)
    return time.perf_counter() - started

editor = User.objects.create_user("bench-staged", password="unused-password", is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
editor_client = Client(HTTP_HOST="127.0.0.1")
editor_client.force_login(editor)

rows = []
for screen in SCREENS:
    url = f"{{change}}?screen={{screen.key}}"
    row = dict(screen=screen.key, **measure(url, {repeat}))
    # A Publisher's save goes live; an Editor's is kept as a pending change, then dropped.
    row["save"] = timed_save(client, url)
    row["staged_save"] = timed_save(editor_client, url)
    PendingChange.objects.all().delete()
    rows.append(row)
whole = dict(screen="(whole editor)", **measure(change, 1))
whole["save"] = timed_save(client, change)
whole["staged_save"] = timed_save(editor_client, change)
rows.append(whole)
print("RESULT", json.dumps(rows))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slug", default="production-technician")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(f"PostgreSQL: {services.ensure_postgres()}")
    env = services.django_env(DATABASE_URL=f"{services.POSTGRES}/{DATABASE}")
    services.recreate_database(DATABASE)
    try:
        services.manage(env, "migrate", "--noinput", "--verbosity", "0")
        services.manage(env, "load_content", str(services.REPO / "content"), "--verbosity", "0")
        # The production settings serve hashed static names from a manifest.
        services.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        code = TIMED.format(slug=args.slug, repeat=args.repeat)
        output = services.manage(env, "shell", "-c", code, capture=True)
    finally:
        services.drop_database(DATABASE)
    rows = json.loads(output.split("RESULT", 1)[1])

    print(f"\n{args.slug}: each screen's median of {args.repeat} requests after one untimed")
    print(
        f"{'screen':<16}{'HTML KB':>9}{'controls':>10}{'queries':>9}{'server s':>10}"
        f"{'CPU s':>8}{'save s':>8}{'staged s':>10}  aim met"
    )
    for row in rows:
        within = row["bytes"] <= BUDGET_BYTES and row["seconds"] <= BUDGET_SECONDS
        verdict = "" if row["screen"].startswith("(") else ("yes" if within else "NO")
        print(
            f"{row['screen']:<16}{row['bytes'] / 1000:>9.0f}{row['controls']:>10}"
            f"{row['queries']:>9}{row['seconds']:>10.3f}{row['cpu']:>8.3f}"
            f"{row['save']:>8.2f}{row['staged_save']:>10.2f}  {verdict}"
        )


if __name__ == "__main__":
    main()
