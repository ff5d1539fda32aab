"""Fill in and submit Django admin forms the way a browser would."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The values a browser would submit for the first form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "button", "file"):
            if attributes.get("type") in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.data[name] = attributes.get("value", "on")
            else:
                self.data[name] = attributes.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
            self.data[name] = "" if "multiple" not in attributes else []
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            if "selected" in attributes:
                current = self.data[self._select]
                if isinstance(current, list):
                    current.append(value)
                else:
                    self.data[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the one newline that follows <textarea>.
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def admin_form_data(html, form_id="role_form"):
    parser = FormFields(form_id)
    parser.feed(html)
    return {name: value for name, value in parser.data.items() if value is not None}


def change_role(client, role, **changes):
    """Load a role's admin change page, apply changes to its fields, and submit it."""
    url = f"/admin/roles/role/{role.pk}/change/"
    data = admin_form_data(client.get(url).content.decode())
    data.update(changes)
    return client.post(url, data)
