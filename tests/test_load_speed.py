"""load_content writes many roles in bulk, with the history and text the row-by-row path makes.

The load inserts each batch of roles' items with one INSERT per model and
writes their history entries itself (roles/content/bulk.py, revisions.py),
and dumps the canonical text with a faster emitter (yaml_speed.py). These
tests hold each shortcut to what it replaces, and the query count to a
straight line. Timings are measured by bench/load_speed.py, not here.
"""

import datetime
import json
import random
import re
import shutil
from decimal import Decimal

import pytest
import reversion
import yaml
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Revision, Version
from reversion.revisions import _get_options, get_registered_models
from yaml.emitter import Emitter

from roles.content import block_yaml, old_slugs, revisions
from roles.content.load import LOADED_REVISION_COMMENT, loaded_revision, read_all
from roles.content.serialize import CanonicalDumper, compact, dump_yaml
from roles.content.store import References, Writer, save_role_items, save_role_row
from roles.content.yaml_speed import analyze
from roles.models import Responsibility, Role, SyncState

from .conftest import CONTENT_DIR

SLUG_LINE = re.compile(r"^slug: .+$", re.MULTILINE)
TITLE_LINE = re.compile(r"^title: (.+)$", re.MULTILINE)


def content_with_copies(target, copies):
    """The fixture content plus `copies` numbered copies of the helper's file."""
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    helper = (target / "roles" / "press-helper.md").read_text(encoding="utf-8")
    for number in range(copies):
        slug = f"press-helper-copy-{number}"
        text = SLUG_LINE.sub(f"slug: {slug}", helper, count=1)
        text = TITLE_LINE.sub(rf"title: \1 (copy {number})", text, count=1)
        (target / "roles" / f"{slug}.md").write_text(text, encoding="utf-8")
    return target


def load(folder):
    call_command("load_content", str(folder), verbosity=0)


def test_each_role_loaded_gets_one_history_entry_of_its_own(db, tmp_path):
    folder = content_with_copies(tmp_path / "content", 4)

    load(folder)

    roles = list(Role.objects.all())
    assert len(roles) == 7
    loads = Revision.objects.filter(comment=LOADED_REVISION_COMMENT)
    assert loads.count() == len(roles) + 1  # and one for the catalog
    for role in roles:
        entries = Version.objects.get_for_object(role)
        assert entries.count() == 1, role.slug
        revision = entries.get().revision
        # The entry holds the role's items too, so a revert brings them back.
        assert revision.version_set.count() > 1
        held = {int(version.object_id) for version in revision.version_set.all()
                if version.content_type.model == "role"}  # fmt: skip
        assert held == {role.pk}


def test_a_changed_file_replaces_its_role_s_items_and_leaves_the_others_alone(db, content_copy):
    load(content_copy)
    helper = Role.objects.get(slug="press-helper")
    items = helper.responsibility_set.count()
    path = content_copy / "roles" / "press-helper.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- text: Sweep scrap parts", "- text: Sweep all scrap parts"))

    load(content_copy)

    assert Version.objects.get_for_object(helper).count() == 2
    for other in Role.objects.exclude(pk=helper.pk):
        assert Version.objects.get_for_object(other).count() == 1, other.slug
    texts = list(helper.responsibility_set.values_list("text", flat=True))
    assert (
        len(texts) == items and "Sweep all scrap parts from around the press and bin them." in texts
    )
    latest = Version.objects.get_for_object(helper).first().revision
    kind = ContentType.objects.get_for_model(Responsibility)
    held = set(latest.version_set.filter(content_type=kind).values_list("object_id", flat=True))
    assert held == {str(pk) for pk in helper.responsibility_set.values_list("pk", flat=True)}


QUERIES_PER_ROLE = 25


def forget_the_load():
    """The roles gone, and with them the memory of having loaded them: a fresh start."""
    Role.objects.all().delete()
    Revision.objects.all().delete()
    SyncState.objects.exclude(key="catalog").delete()


def test_the_queries_of_a_load_grow_no_faster_than_its_roles(
    db, tmp_path, django_assert_max_num_queries
):
    two, four = (content_with_copies(tmp_path / str(n), n) for n in (2, 4))
    load(two)
    forget_the_load()

    with CaptureQueriesContext(connection) as small:
        load(two)
    forget_the_load()

    # Two roles more cost a few queries each, however many items they hold: the
    # row-by-row path took several per item, hundreds per role.
    with django_assert_max_num_queries(len(small) + 2 * QUERIES_PER_ROLE):
        load(four)


def normalised(revision):
    """A revision's versions, with every row named by its place in the revision, not its pk."""
    versions = list(revision.version_set.order_by("pk").select_related("content_type"))
    place = {(version.content_type_id, version.object_id): n for n, version in enumerate(versions)}
    described = []
    for version in versions:
        model = version.content_type.model_class()
        data = json.loads(version.serialized_data)[0]
        data["pk"] = place[(version.content_type_id, str(data["pk"]))]
        fields = data["fields"]
        if "object_id" in fields:  # a citation or rung fit: the item it hangs off
            fields["object_id"] = place[(fields["content_type"], str(fields["object_id"]))]
        for field in model._meta.concrete_fields:
            if field.many_to_one and fields.get(field.name) is not None:
                kind = ContentType.objects.get_for_model(field.related_model).pk
                key = (kind, str(fields[field.name]))
                fields[field.name] = (
                    ["in revision", place[key]] if key in place else fields[field.name]
                )
        if model is Role:
            del fields["updated_at"]  # saved again by the second load
        described.append((version.content_type.model, version.object_repr, data))
    return described


@pytest.mark.parametrize("slug", ["press-technician", "press-helper"])
def test_a_bulk_load_records_what_the_row_by_row_saves_record(loaded, slug):
    role = Role.objects.get(slug=slug)
    bulk = Version.objects.get_for_object(role).get().revision
    files, _ = read_all([CONTENT_DIR])
    item = next(item for item in files.roles if item.data.front.slug == slug)

    # The row-by-row path load_content takes for a file with mistakes.
    refs, writer = References(), Writer(item.path, item.line_for)
    role = save_role_row(item.data.front, refs, writer)
    with loaded_revision():
        save_role_items(role, item.data, refs, writer)
        old_slugs.save_old_slugs(role, item.data.front.old_slugs)
        reversion.add_to_revision(role)
    one_by_one = Version.objects.get_for_object(role).first().revision

    assert one_by_one != bulk and not writer.errors
    assert normalised(bulk) == normalised(one_by_one)


def test_versions_are_serialised_as_django_reversion_serialises_them(loaded):
    checked = 0
    for model in get_registered_models():
        options = _get_options(model)
        for obj in model.objects.all()[:25]:
            expected = serializers.serialize(options.format, (obj,), fields=options.fields)
            assert revisions.serialized(obj) == expected, model.__name__
            checked += 1
    assert checked > 100


# Characters that change how PyYAML writes a string: indicators, spaces and
# breaks of every kind, characters it escapes, the byte-order mark.
AWKWARD = list(
    "ab -:#?,[]{}&*!|>'\"%@`.\n\t\r\0\x85\u2028\u2029\ufeff\xa0é\x7f\x1b\ud7ff\ue000\uffff"
)
AWKWARD += ["\U0001f600", "\U0010ffff", "---", "...", ": ", " #"]


@pytest.mark.parametrize("allow_unicode", [True, False])
def test_the_quick_scalar_analysis_is_pyyaml_s(allow_unicode):
    emitter = Emitter(None, allow_unicode=allow_unicode)
    strings = random.Random(17)
    for _ in range(20_000):
        text = "".join(strings.choice(AWKWARD) for _ in range(strings.randint(1, 7)))
        expected = vars(emitter.analyze_scalar(text))
        assert vars(analyze(text, allow_unicode)) == expected, repr(text)


def test_a_quiet_string_is_one_pyyaml_would_write_in_any_block_style():
    emitter, strings, quiet = Emitter(None, allow_unicode=True), random.Random(11), 0
    for _ in range(20_000):
        text = "".join(strings.choice("aZ09 (-:#,'\"?[]{}!|>%@`&*.~") for _ in range(5))
        if block_yaml.QUIET.fullmatch(text) and not block_yaml.LOUD.search(text):
            analysis = emitter.analyze_scalar(text)
            assert analysis.allow_block_plain and analysis.allow_block, repr(text)
            assert analysis.allow_single_quoted and not analysis.multiline, repr(text)
            quiet += 1
    assert quiet > 1000


class PlainDumper(yaml.SafeDumper):
    """CanonicalDumper without the quick emitter."""


PlainDumper.yaml_representers = CanonicalDumper.yaml_representers


def pyyaml_alone(data):
    options = {"sort_keys": False, "allow_unicode": True, "default_flow_style": False}
    return yaml.dump(compact(data), Dumper=PlainDumper, width=float("inf"), **options)


def test_the_canonical_text_of_the_content_files_is_what_pyyaml_alone_writes():
    files, errors = read_all([CONTENT_DIR])
    assert not errors
    documents = [item.data.front.model_dump(mode="python") for item in files.roles]
    documents += [item.raw for item in files.roles] + [files.catalog.raw]
    for data in documents:
        assert block_yaml.dump(compact(data)) == pyyaml_alone(data)


SCALARS = [*AWKWARD, "yes", "null", "1", "0.5", "2022-05-01", "~", "\n\n", "  ", "x" * 130]


def generated_value(choose, depth):
    kind = choose.random()
    if depth > 3 or kind < 0.5:
        return choose.choice([
            "".join(choose.choice(SCALARS) for _ in range(choose.randint(0, 5))),
            choose.randint(-100, 10**12), True, 1.5, 1e20, None,
            Decimal(choose.choice(["1", "1.50", "0.1", "-2.5"])), datetime.date(2020, 1, 2),
        ])  # fmt: skip
    if kind < 0.75:
        return {generated_key(choose): generated_value(choose, depth + 1) for _ in range(3)}
    return [generated_value(choose, depth + 1) for _ in range(choose.randint(0, 4))]


def generated_key(choose):
    return "".join(choose.choice(SCALARS) for _ in range(choose.randint(1, 3)))


def test_the_canonical_text_of_awkward_documents_is_what_pyyaml_alone_writes():
    choose, written = random.Random(5), 0
    for _ in range(5_000):
        data = compact({generated_key(choose): generated_value(choose, 0) for _ in range(3)})
        try:
            quick = block_yaml.dump(data)
        except block_yaml.Unsupported:
            continue  # serialize.dump_yaml asks PyYAML, with the quick emitter
        assert quick == pyyaml_alone(data), data
        written += 1
    assert written > 500
    for data in [{"a": {}}, {"a": [[1]]}, {"a": "kept\n\n"}, {"x" * 120: 1}]:
        assert dump_yaml(data) == pyyaml_alone(data)
