"""How the site looks outside its pages: a role's link-preview image, and /favicon.ico.

/roles/<slug>/og.png is a cached page like any other: drawn once per content
version, then served from the page cache, and a draft is a 404 to the public
as its profile is. social_image_for() is what a role page's <head> says of
the image (templates/base.html's og_image block reads it as `social_image`).
"""

from dataclasses import dataclass

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse

from .. import formatting, social_image
from ..caching import cached_page, public_page
from ..models import Role
from .lookup import follows_renames, visible_role


@dataclass(frozen=True)
class SocialImage:
    url: str
    alt: str
    width: int = social_image.WIDTH
    height: int = social_image.HEIGHT


def role_card(role):
    """What a role's card says: its title and median pay, with the pay's source and date."""
    if role.median_pay is None:
        return social_image.Card(title=role.title)
    amount = formatting.money(role.median_pay, role.median_pay_currency).strip()
    source = role.median_pay_source
    return social_image.Card(
        title=role.title,
        figure_label="Median pay",
        figure=f"{amount} {role.get_median_pay_period_display()}".strip(),
        small_print=formatting.source_note(source, role.median_pay_as_of) if source else "",
    )


def social_image_for(request, role):
    """The og:image of a role's pages, for the template context as `social_image`."""
    url = request.build_absolute_uri(reverse("roles:og-image", args=[role.slug]))
    return SocialImage(url=url, alt=role_card(role).alt_text())


@cached_page
@follows_renames("roles:og-image")
def role_og_image(request, slug):
    role = visible_role(request, Role.objects.select_related("median_pay_source"), slug)
    return HttpResponse(social_image.render_png(role_card(role)), content_type="image/png")


@public_page
def favicon_ico(request):
    # Looked up per request, not when the URLs load: the hashed name needs the
    # static files manifest, which a fresh checkout does not have yet.
    return HttpResponsePermanentRedirect(static("img/favicon-32.png"))
