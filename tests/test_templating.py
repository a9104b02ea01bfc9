"""What templates get from templating.py, checked against Jinja's own behaviour."""

from __future__ import annotations

import pytest
from jinja2 import Environment
from markupsafe import Markup, escape as markupsafe_escape

from vitrines.templating import EscapingTemplate, dict_keys_first, escape

EXPRESSIONS = ["d.name", "d.missing", "d.items", "d['items']", "d.keys is callable", "d.get('name')",
               "d.nested.deep", "d.nested.missing is defined", "o.real", "o.imag", "n.anything is defined",
               "d | length"]


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_a_dict_key_read_first_gives_what_jinja_gives(expression):
    values = {"d": {"name": "Fleurs", "items": "a key named as a dict method", "keys": 3, "nested": {"deep": 1}},
              "o": 2 + 3j, "n": None}
    plain, fast = Environment(), Environment()
    dict_keys_first(fast)
    template = "{{ " + expression + " }}"
    assert fast.from_string(template).render(values) == plain.from_string(template).render(values)


class _Html:
    def __html__(self):
        return "<b>safe</b>"


@pytest.mark.parametrize("value", ["", "plain", "<a href=\"x\">Tom & Jerry's</a>", Markup("<i>kept</i>"),
                                   Markup("a") + "<", 0, -3, 2.5, float("nan"), True, None, 10**30, _Html(),
                                   type("S", (str,), {})("<sub>"), ["<", 1], "é\u2028\x00"])
def test_escape_gives_what_markupsafe_gives(value):
    assert escape(value) == markupsafe_escape(value)
    assert type(escape(value)) is Markup


def test_templates_escape_their_output_as_jinja_does():
    plain, ours = Environment(autoescape=True), Environment(autoescape=True)
    ours.template_class = EscapingTemplate
    template = ("{{ s }}|{{ m }}|{{ n }}|{{ f }}|{{ h }}|{{ s ~ m }}|{% set x %}<p>{{ s }}</p>{% endset %}{{ x }}|"
                "{{ s | e }}|{{ m | safe }}|{{ l | join(', ') }}")
    values = {"s": "<Tom & \"Jerry's\">", "m": Markup("<em>x</em>"), "n": 42, "f": 1.5, "h": _Html(),
              "l": ["<a>", Markup("<b>")]}
    assert ours.from_string(template).render(values) == plain.from_string(template).render(values)
    assert ours.from_string("{{ s }}").render(values) == "&lt;Tom &amp; &#34;Jerry&#39;s&#34;&gt;"
    assert ours.from_string(template).root_render_func.__globals__["escape"] is escape
