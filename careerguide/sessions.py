"""Database sessions whose keys prove they were made here.

Each new key is 28 random characters and 12 of an HMAC of them under the
secret key. A cookie with a key made up by a client fails that check by
arithmetic alone, so the public pages can tell "maybe signed in" from "not"
without a database query (roles/public_pages.py): a flood of requests with
made-up session cookies is served from the page cache at the cost of one
HMAC each. Forging a key that passes takes about 2**48 guesses, and even
then it only costs the forger an uncached page.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

RANDOM_CHARS = 28
SIGNATURE_CHARS = 12  # 28 + 12 = 40, the length of the session table's key column
SALT = "careerguide.sessions.key"
KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def signature(random_part):
    return salted_hmac(SALT, random_part, algorithm="sha256").hexdigest()[:SIGNATURE_CHARS]


def made_here(session_key):
    """Whether session_key is one this site could have made (it may still have expired)."""
    if not session_key or len(session_key) != RANDOM_CHARS + SIGNATURE_CHARS:
        return False
    random_part, given = session_key[:RANDOM_CHARS], session_key[RANDOM_CHARS:]
    return constant_time_compare(given, signature(random_part))


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self):
        while True:
            random_part = get_random_string(RANDOM_CHARS, KEY_CHARS)
            session_key = random_part + signature(random_part)
            if not self.exists(session_key):
                return session_key
