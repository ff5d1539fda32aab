"""/roles/<slug>.json: a whole role profile as open data."""

import json

from django.http import HttpResponse
from django.urls import reverse

from ..caching import cached_page
from ..models import Role
from ..open_data import role_data
from .lookup import follows_renames, visible_role


@cached_page
@follows_renames("roles:json")
def role_json(request, slug):
    role = visible_role(request, Role.objects.for_open_data(), slug)
    urls = {
        "url": request.build_absolute_uri(reverse("roles:json", args=[role.slug])),
        "page": request.build_absolute_uri(role.get_absolute_url()),
    }
    body = json.dumps(role_data(role, urls), indent=2, ensure_ascii=False)
    response = HttpResponse(body + "\n", content_type="application/json; charset=utf-8")
    # Open data: any site may fetch it from a browser. It never depends on cookies.
    response["Access-Control-Allow-Origin"] = "*"
    return response
