"""How the site looks outside its pages: link-preview images and the favicon."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.template import RequestContext, Template
from django.test import RequestFactory
from PIL import Image, ImageDraw

from roles import social_image
from roles.formatting import money
from roles.models import Role
from roles.social_image import HEIGHT, MARGIN, TEXT_WIDTH, WIDTH, Card, FontFamily
from roles.views.social import role_card, social_image_for

from .budgets import CONTENT_VERSION
from .test_seo import SITE, PageHead

HELPER_IMAGE = "/roles/press-helper/og.png"
TECHNICIAN_IMAGE = "/roles/press-technician/og.png"
DRAFT_SLUG = "die-setter"
# Drawing the image reads the role with its pay's source, in one query.
IMAGE_QUERIES = 1
LONG_TITLE = (
    "Senior Computer Numerical Control Machine Tool Programmer and Setup Specialist "
    "for Aerospace Metal and Plastic Components, Second Shift"
)


def png(content):
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


# --- the role's image -------------------------------------------------------------------


def test_a_role_image_is_a_1200_by_630_png_that_browsers_and_cdns_may_keep(client, loaded):
    response = client.get(HELPER_IMAGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=300, stale-while-revalidate=60"
    image = png(response.content)
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)


def test_the_image_is_drawn_once_then_served_from_the_page_cache(
    client, loaded, django_assert_num_queries
):
    with django_assert_num_queries(IMAGE_QUERIES + CONTENT_VERSION):
        first = client.get(HELPER_IMAGE)
    with django_assert_num_queries(CONTENT_VERSION):
        second = client.get(HELPER_IMAGE)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert client.get(HELPER_IMAGE, headers={"If-None-Match": first["ETag"]}).status_code == 304
    gzipped = client.get(HELPER_IMAGE, headers={"Accept-Encoding": "gzip"})
    assert gzipped["Content-Type"] == "image/png" and gzipped["Content-Encoding"] == "gzip"


def test_a_content_change_draws_the_image_again(client, loaded):
    before = client.get(HELPER_IMAGE).content
    role = Role.objects.get(slug="press-helper")
    role.median_pay += 1000
    role.save()
    # Drawn from the content as it is now (the page cache's own invalidation on
    # a write is tested in test_public_pages.py and test_version_watch.py).
    caches["pages"].clear()
    assert client.get(HELPER_IMAGE).content != before


def test_two_roles_get_different_images_and_one_role_always_the_same(client, loaded):
    helper = client.get(HELPER_IMAGE).content
    technician = client.get(TECHNICIAN_IMAGE).content
    assert helper != technician
    role = Role.objects.get(slug="press-helper")
    assert social_image.render_png(role_card(role)) == helper


def test_a_draft_has_no_image_for_the_public_but_its_editors_see_one(client, loaded):
    assert client.get(f"/roles/{DRAFT_SLUG}/").status_code == 404
    response = client.get(f"/roles/{DRAFT_SLUG}/og.png")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"
    client.force_login(User.objects.create_superuser("editor", password="not-used-here-1"))
    response = client.get(f"/roles/{DRAFT_SLUG}/og.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]


def test_an_old_slug_moves_to_the_new_image(client, loaded):
    role = Role.objects.get(slug="press-helper")
    role.slug = "press-feeder"
    role.save()
    response = client.get(HELPER_IMAGE)
    assert response.status_code == 301
    assert response["Location"] == "/roles/press-feeder/og.png"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_image_only_answers_get_and_head(client, loaded, method):
    assert getattr(client, method)(HELPER_IMAGE).status_code == 405
    assert client.head(HELPER_IMAGE).status_code == 200


# --- what the image says ----------------------------------------------------------------


def test_the_card_gives_the_title_and_median_pay_with_its_period_and_source(loaded):
    role = Role.objects.select_related("median_pay_source").get(slug="press-helper")
    card = role_card(role)
    assert card.title == role.title
    assert card.figure_label == "Median pay"
    assert card.figure == f"{money(role.median_pay, role.median_pay_currency)} per year"
    assert card.small_print.startswith(f"Source: {role.median_pay_source.title}, ")
    alt = card.alt_text()
    assert alt.startswith(f"{role.title}. Median pay: {card.figure}. Source: ")
    assert alt.endswith(". Manufacturing Career Guide.")


def test_a_role_without_a_median_pay_gets_a_title_card(loaded):
    role = Role.objects.get(slug="press-helper")
    role.median_pay = None
    card = role_card(role)
    assert card == Card(title=role.title)
    assert png(social_image.render_png(card)).size == (WIDTH, HEIGHT)


def test_a_long_title_is_wrapped_within_the_margins():
    draw = ImageDraw.Draw(Image.new("RGB", (WIDTH, HEIGHT)))
    font, _size, lines = social_image.fit_title(draw, LONG_TITLE, social_image.SYSTEM_FONTS)
    assert 1 < len(lines) <= social_image.TITLE_LINES
    assert all(draw.textlength(line, font=font) <= TEXT_WIDTH for line in lines)
    assert lines[-1].endswith(social_image.ELLIPSIS)  # too long even at the smallest size
    # Nothing is drawn in the right margin, between the header and the stripe at the foot.
    card = Card(LONG_TITLE, "Median pay", "$1,234,567.89 per year", "Source: " + "word " * 60)
    image = png(social_image.render_png(card))
    margin = image.crop((WIDTH - MARGIN + 8, social_image.HEADER_HEIGHT + 1, WIDTH, HEIGHT - 20))
    assert margin.getcolors() == [(margin.width * margin.height, (255, 255, 255))]


def test_without_any_of_its_fonts_the_card_is_drawn_in_pillows_own():
    missing = FontFamily(regular=("no-such-font.ttf",), bold=("no-such-font.ttf",))
    card = Card("Press Helper", "Median pay", "$33,000 per year", "Source: Tables, May 2023")
    fallback = social_image.render_png(card, fonts=missing)
    assert png(fallback).size == (WIDTH, HEIGHT)
    assert fallback != social_image.render_png(card)


# --- the <head> -------------------------------------------------------------------------


def test_every_page_links_the_icons_and_a_theme_colour(client, loaded):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/img/favicon-32.png" sizes="32x32"' in html
    assert '<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png">' in html
    assert PageHead(html).meta["theme-color"] == "#1c2430"
    for path, size in [("favicon-32.png", 32), ("apple-touch-icon.png", 180)]:
        response = client.get(f"/static/img/{path}")
        assert response.status_code == 200
        assert png(b"".join(response.streaming_content)).size == (size, size)
    assert client.get("/static/img/favicon.svg")["Content-Type"].startswith("image/svg+xml")


def test_a_page_without_a_role_image_is_a_summary_card(client, loaded):
    meta = PageHead(client.get("/").content.decode()).meta
    assert meta["twitter:card"] == "summary"
    assert not any(key.startswith("og:image") for key in meta)


def test_a_page_given_a_role_image_names_it_as_a_large_card(client, loaded):
    role = Role.objects.select_related("median_pay_source").get(slug="press-helper")
    request = RequestFactory().get(role.get_absolute_url())
    image = social_image_for(request, role)
    html = Template('{% extends "base.html" %}').render(
        RequestContext(request, {"social_image": image})
    )
    meta = PageHead(html).meta
    assert meta["og:image"] == f"{SITE}{HELPER_IMAGE}"
    assert meta["og:image:type"] == "image/png"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == role_card(role).alt_text()
    assert role.title in meta["og:image:alt"]
    assert meta["twitter:card"] == "summary_large_image"
    assert client.get(HELPER_IMAGE)["Content-Type"] == "image/png"


def test_a_role_page_names_its_image_without_another_query(loaded, django_assert_num_queries):
    role = Role.objects.for_role_page().get(slug="press-helper")
    request = RequestFactory().get(role.get_absolute_url())
    with django_assert_num_queries(0):
        assert social_image_for(request, role).alt == role_card(role).alt_text()


# --- /favicon.ico -----------------------------------------------------------------------


def test_favicon_ico_moves_to_the_png(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon-32.png"
    assert client.get(response["Location"]).status_code == 200
    assert client.post("/favicon.ico").status_code == 405
