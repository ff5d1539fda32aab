"""The recruiter's form: choices in the address, in every export and in the JobPosting data;
bad input refused with a message at the field; whatever the address carries, escaped."""

import io
import json
import re
from urllib.parse import urlencode

import docx
import markdown
import pytest
from lxml import html as lxml_html

from roles.job_description.customise import duty_key
from roles.models import Role

from .test_job_description import add_duties
from .xss import PAYLOADS, executable_markup

PAGE = "/roles/press-technician/job-description/"
TXT = "/roles/press-technician/job-description.txt"
MD = "/roles/press-technician/job-description.md"
DOCX = "/roles/press-technician/job-description.docx"
POSTING = "/roles/press-technician/job-posting.json"
EMPLOYER = {
    "level": "senior",
    "company": "Acme Stamping",
    "location": "Dayton, OH",
    "pay_min": "24",
    "pay_max": "31.50",
    "pay_period": "hour",
    "employment_type": "FULL_TIME",
    "shift": "Nights, 10 p.m. to 6:30 a.m.",
}
# Google's JobPosting properties: https://developers.google.com/search/docs/appearance/structured-data/job-posting
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization", "jobLocation"}
GOOGLE_RECOMMENDED_GIVEN = {"baseSalary", "employmentType", "validThrough", "directApply"}


def address(url, **params):
    return f"{url}?{urlencode(params, doseq=True)}"


def tree(response):
    return lxml_html.fromstring(response.content)


def duties_on(response):
    return [" ".join(li.text_content().split()) for li in tree(response).cssselect("#duties > li")]


def docx_text(response):
    document = docx.Document(io.BytesIO(response.content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


# --- the choices carry through ---------------------------------------------------------


def test_the_employers_details_show_on_the_page_and_in_every_export(client, loaded):
    page = client.get(address(PAGE, **EMPLOYER))
    assert page.status_code == 200
    body = tree(page)
    facts = {
        div.cssselect("dt")[0].text_content(): div.cssselect("dd")[0].text_content()
        for div in body.cssselect(".jd-facts > div")
    }
    assert facts == {
        "Company": "Acme Stamping",
        "Location": "Dayton, OH",
        "Employment type": "Full time",
        "Shift": "Nights, 10 p.m. to 6:30 a.m.",
    }
    assert "$24–$31.50 an hour" in body.cssselect(".jd-pay")[0].text_content()
    assert "Acme Stamping is hiring a Senior Press Technician in Dayton, OH." in page.text
    for url in (TXT, MD):
        text = client.get(address(url, **EMPLOYER)).text
        assert "Acme Stamping" in text and "Dayton, OH" in text and "$24–$31.50 an hour" in text
    word = docx_text(client.get(address(DOCX, **EMPLOYER)))
    assert "Acme Stamping" in word and "$24–$31.50 an hour" in word


def test_the_employers_pay_keeps_the_sources_range_in_its_footnote(client, loaded):
    plain = tree(client.get(address(PAGE, level="senior")))
    sources_note = plain.cssselect("#note-1")[0].text_content()
    custom = tree(client.get(address(PAGE, **EMPLOYER)))
    note = custom.cssselect("#note-1")[0].text_content()
    assert note.startswith("Pay as set by the employer.")
    assert sources_note in note  # the sources' own range, for comparison


def test_the_download_links_carry_the_same_choices(client, loaded):
    body = tree(client.get(address(PAGE, **EMPLOYER)))
    links = {a.get("href") for a in body.cssselect(".jd-actions a")}
    for url in (TXT, MD, DOCX):
        assert any(link.startswith(url + "?") and "company=Acme+Stamping" in link for link in links)


def test_duties_can_be_left_out_and_added(client, loaded):
    add_duties(Role.objects.get(slug="press-technician"), 9, {"junior": "required"}, "Junior")
    plain = duties_on(client.get(address(PAGE, level="senior")))
    boxes = tree(client.get(address(PAGE, level="senior"))).cssselect("input[name=duty]")
    offered = [box.get("value") for box in boxes]
    ticked = [box.get("value") for box in boxes if box.get("checked") is not None]
    assert ticked == [duty_key(text) for text in plain]
    extra = [key for key in offered if key not in ticked]
    assert extra, "the junior duties are offered too"
    chosen = ticked[1:] + extra[:1]
    page = client.get(address(PAGE, level="senior", duties="chosen", duty=chosen))
    shown = duties_on(page)
    assert plain[0] not in shown
    assert [duty_key(text) for text in shown] == [key for key in offered if key in chosen]
    assert [
        duty_key(line[2:])
        for line in client.get(
            address(TXT, level="senior", duties="chosen", duty=chosen)
        ).text.splitlines()
        if line.startswith("- ") and duty_key(line[2:]) in chosen
    ] == [key for key in offered if key in chosen]


def test_a_duty_rewritten_since_the_link_was_made_is_left_out_and_said(client, loaded):
    boxes = tree(client.get(address(PAGE, level="senior"))).cssselect("input[name=duty]")
    keep = boxes[0].get("value")
    page = client.get(address(PAGE, level="senior", duties="chosen", duty=[keep, "0badc0de"]))
    assert page.status_code == 200
    assert [duty_key(text) for text in duties_on(page)] == [keep]
    assert "1 duty chosen in this link is no longer in the profile" in page.text


def test_the_same_choices_in_another_order_are_one_address(client, loaded):
    body = tree(client.get(address(PAGE, **EMPLOYER)))
    canonical = body.cssselect("link[rel=canonical]")[0].get("href")
    shuffled = dict(reversed(list(EMPLOYER.items())))
    again = tree(client.get(address(PAGE, utm_source="x", **shuffled)))
    assert again.cssselect("link[rel=canonical]")[0].get("href") == canonical


def test_a_customised_page_is_not_shared_from_the_page_cache(client, loaded):
    first = client.get(address(PAGE, **EMPLOYER))
    other = client.get(address(PAGE, **(EMPLOYER | {"company": "Bolt Works"})))
    assert "Acme Stamping" in first.text and "Bolt Works" in other.text
    assert "Acme Stamping" not in other.text


# --- JobPosting --------------------------------------------------------------------------


def test_job_posting_has_googles_required_and_recommended_properties(client, loaded):
    response = client.get(address(POSTING, **EMPLOYER))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data.keys() >= GOOGLE_REQUIRED | GOOGLE_RECOMMENDED_GIVEN
    assert data["title"] == "Senior Press Technician"
    assert data["hiringOrganization"] == {"@type": "Organization", "name": "Acme Stamping"}
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Dayton",
        "addressRegion": "OH",
        "addressCountry": "US",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 24,
            "maxValue": 31.5,
            "unitText": "HOUR",
        },
    }
    assert data["employmentType"] == "FULL_TIME"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", data["datePosted"])
    assert data["validThrough"] > data["datePosted"]
    description = lxml_html.fromstring(data["description"])
    assert [li.text_content() for li in description.cssselect("ul")[0]] == duties_on(
        client.get(address(PAGE, **EMPLOYER))
    )


def test_job_posting_without_company_and_location_says_what_is_missing(client, loaded):
    response = client.get(address(POSTING, level="senior"))
    assert response.status_code == 400
    data = response.json()
    assert data["missing"] == ["company", "location"]
    assert "company and location" in data["error"]
    only_company = client.get(address(POSTING, company="Acme")).json()
    assert only_company["missing"] == ["location"]


def test_the_page_offers_the_snippet_only_with_company_and_location(client, loaded):
    assert "jd-snippet" not in client.get(address(PAGE, level="senior")).text
    page = client.get(address(PAGE, **EMPLOYER))
    snippet = tree(page).cssselect("#jd-snippet")[0].text_content()
    assert snippet.startswith('<script type="application/ld+json">')
    data = json.loads(
        snippet.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    )
    assert data["hiringOrganization"]["name"] == "Acme Stamping"


@pytest.mark.parametrize("url", ["/", "/roles/press-technician/", PAGE, address(PAGE, **EMPLOYER)])
def test_the_sites_own_pages_carry_no_job_posting_markup(client, loaded, url):
    body = tree(client.get(url))
    for script in body.cssselect('script[type="application/ld+json"]'):
        assert "JobPosting" not in script.text_content()


# --- bad input ---------------------------------------------------------------------------

BAD_INPUT = {
    "pay not a number": ({"pay_min": "lots"}, "pay_min", "Enter an amount in numbers"),
    "negative pay": ({"pay_max": "-5"}, "pay_max", "Pay cannot be negative"),
    "pay the wrong way round": ({"pay_min": "30", "pay_max": "20"}, "pay_max", "at least"),
    "not a finite number": ({"pay_min": "NaN"}, "pay_min", "Enter an amount in numbers"),
    "unknown level": ({"level": "chief"}, "level", "chief"),
    "unknown employment type": ({"employment_type": "SLAVE"}, "employment_type", "SLAVE"),
    "unknown pay period": ({"pay_min": "20", "pay_period": "week"}, "pay_period", "week"),
    "company too long": ({"company": "A" * 201}, "company", "at most 200"),
    "shift too long": ({"shift": "n" * 201}, "shift", "at most 200"),
    "no duty ticked": ({"duties": "chosen"}, "duty", "Tick at least one duty"),
}


@pytest.mark.parametrize("params, field, message", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_a_400_with_the_form_and_a_message_at_the_field(
    client, loaded, params, field, message
):
    page = client.get(address(PAGE, **params))
    assert page.status_code == 400
    body = tree(page)
    assert body.cssselect("form .check-notice[role=alert]")
    if field == "duty":
        errors = body.cssselect(".jd-duty-choice .field-error")
    else:
        errors = body.cssselect(f"label[for=id_{field}] .field-error")
        assert body.cssselect(f"#id_{field}")[0].get("aria-invalid") == "true"
    assert errors and message in errors[0].text_content()
    for url in (TXT, MD, DOCX):
        export = client.get(address(url, **params))
        assert export.status_code == 400
        assert message in export.text and field in export.text
    posting = client.get(
        address(POSTING, **({"company": "Acme", "location": "Dayton, OH"} | params))
    )
    assert posting.status_code == 400
    assert message in json.dumps(posting.json()["fields"][field], ensure_ascii=False)


def test_pay_written_as_people_write_it_is_understood(client, loaded):
    page = client.get(address(PAGE, pay_min="$42,000", pay_max="48,500", pay_period="year"))
    assert page.status_code == 200
    assert "$42,000–$48,500 a year" in tree(page).cssselect(".jd-pay")[0].text_content()


# --- whatever the address carries is escaped ----------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_choices_are_text_in_every_format(client, loaded, payload):
    one_line = " ".join(payload.split())
    params = {"company": payload, "location": payload, "shift": payload, "level": "senior"}
    page = client.get(address(PAGE, **params))
    assert page.status_code == 200
    assert executable_markup(page.content.decode()) == []
    facts = [dd.text_content() for dd in tree(page).cssselect(".jd-facts dd")]
    assert facts == [one_line, one_line, one_line]
    text = client.get(address(TXT, **params)).text
    assert f"Company: {one_line}" in text
    md = client.get(address(MD, **params)).text
    rendered = markdown.markdown(md)
    assert executable_markup(rendered) == []
    assert one_line in lxml_html.fromstring(rendered).text_content()
    assert one_line in docx_text(client.get(address(DOCX, **params)))
    posting = client.get(address(POSTING, **params))
    assert "<" not in posting.content.decode()  # safe inside a <script> element as it is
    data = json.loads(posting.content)
    assert data["hiringOrganization"]["name"] == one_line
    assert executable_markup(data["description"]) == []


@pytest.fixture
def builds(monkeypatch):
    """The choices each job description the view builds was built with (the real build runs)."""
    from roles.views import job_description as view

    seen, build = [], view.build_job_description

    def recording(role, level_key="", choices=None):
        seen.append(choices)
        return build(role, level_key, choices)

    monkeypatch.setattr(view, "build_job_description", recording)
    return seen


def test_a_plain_description_is_built_once(client, loaded, builds):
    assert client.get(PAGE).status_code == 200
    assert len(builds) == 1


def test_a_customised_description_is_built_with_its_choices(client, loaded, builds):
    page = client.get(PAGE, {"company": "Acme Stamping"})
    assert "Acme Stamping" in page.content.decode()
    assert len(builds) == 2 and builds[-1].company == "Acme Stamping"
