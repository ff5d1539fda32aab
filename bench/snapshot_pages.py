"""Render every page type and export to a folder, to compare output before and after a change.

    DATABASE_URL=sqlite:////tmp/snapshot.db python bench/snapshot_pages.py OUTPUT_DIR

It migrates the database it is given, loads content/, then saves each URL's
body. Compare two runs with `diff -r`.
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerguide.settings")
os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

# Tokens that differ on every request, not between versions of the code.
VOLATILE = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(rb'"updated_at": "[^"]+"'),
]


def page_urls():
    from roles.models import Certification, Role, Skill, Tool

    slugs = list(Role.objects.order_by("slug").values_list("slug", flat=True))
    urls = ["/", "/roles/", "/about/data/", f"/compare/?roles={','.join(slugs[:3])}"]
    urls += ["/skills-check/", "/tools/", "/skills/", "/certifications/"]
    urls += ["/sitemap.xml", "/robots.txt", "/search/", "/search/?q=forklift"]
    urls += ["/search/?q=safety+training", "/search/?q=zzzz"]
    urls += ["/roles/no-such-role/", "/compare/?roles=nope"]
    for role in Role.objects.order_by("slug"):
        base = f"/roles/{role.slug}"
        urls += [f"{base}/", f"{base}.json", f"{base}/job-description/",
                 f"{base}/job-description.txt", f"{base}/job-description.md"]  # fmt: skip
        for rung in role.ladderrung_set.filter(role_level=True):
            urls += [f"{base}/job-description/?level={rung.key}",
                     f"{base}/job-description.txt?level={rung.key}",
                     f"{base}/job-description.md?level={rung.key}"]  # fmt: skip
    skills = list(Skill.objects.order_by("key").values_list("key", flat=True))
    tools = list(Tool.objects.order_by("key").values_list("key", flat=True))
    certs = list(Certification.objects.order_by("key").values_list("key", flat=True))
    ticked = "&".join(f"skill={key}" for key in skills[:6])
    urls.append(f"/skills-check/?{ticked}&tool={tools[0]}")
    urls += [f"/tools/{k}/" for k in tools] + [f"/skills/{k}/" for k in skills]
    urls += [f"/certifications/{k}/" for k in certs]
    return urls


def main(output):
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0, force=True)
    client = Client()
    for url in page_urls():
        response = client.get(url)
        body = response.content
        for pattern in VOLATILE:
            body = pattern.sub(b"VOLATILE", body)
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", url.strip("/")) or "home"
        (output / f"{name}.out").write_bytes(f"{response.status_code}\n".encode() + body)
    export = output / "export"
    call_command("export_content", output=str(export), verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1])
