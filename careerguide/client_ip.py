"""The address a login attempt is counted against, for django-axes.

gunicorn gives Django the address of whoever opened the connection. Behind the
TLS proxy (DJANGO_SECURE=1) that is the proxy itself, the same for everyone;
the client's address is the entry the proxy added to the right of
X-Forwarded-For. Entries further left came from the client and may be forged,
so only the one TRUSTED_PROXY_COUNT places from the right is believed. With no
proxy configured the header is the client's own and is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    connected = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return connected
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops:
        return connected
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        # Not an address: the request did not come through the proxy as configured.
        return connected
