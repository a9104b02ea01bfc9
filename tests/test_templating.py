"""What templates get from templating.py, checked against Jinja's own behaviour."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from vitrines.templating import dict_keys_first

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
