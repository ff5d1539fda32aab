"""A static copy of the role page, so the page cache can be compared with WhiteNoise.

The page is rendered once through Django's test client with the Host header
the server will see, so the copy has the very bytes gunicorn will send. Its
.gz sibling is compressed exactly as the page cache compresses (level 6, no
timestamp), so both paths send identical gzipped bytes.
"""

import gzip
import shutil

from services import REPO, manage

COPY_DIR = REPO / "staticfiles" / "bench"
COPY_NAME = "role-page.html"

RENDER = """
from django.test import Client
response = Client(HTTP_HOST={host!r}).get({path!r})
assert response.status_code == 200, response.status_code
open({target!r}, "wb").write(response.content)
"""


def write_static_copy(env, host, path):
    """Write the page at path to STATIC_ROOT/bench/; return its URL and sizes."""
    COPY_DIR.mkdir(parents=True, exist_ok=True)
    target = COPY_DIR / COPY_NAME
    manage(env, "shell", "-c", RENDER.format(host=host, path=path, target=str(target)))
    body = target.read_bytes()
    (COPY_DIR / f"{COPY_NAME}.gz").write_bytes(gzip.compress(body, compresslevel=6, mtime=0))
    return {
        "url": f"/static/bench/{COPY_NAME}",
        "html_bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, compresslevel=6, mtime=0)),
    }


def remove_static_copy():
    shutil.rmtree(COPY_DIR, ignore_errors=True)
