"""Vitrines: a bilingual directory of local shops, as a Pelican plugin.

This module only wires Pelican's signals; each stage lives in its own module.
"""

from pelican import signals


def _get_generators(pelican):
    from .generator import ShopGenerator
    return ShopGenerator


def _generator_init(generator):
    from . import templating
    templating.setup(generator)


def register():
    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_generator_init)
