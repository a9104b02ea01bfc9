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


def _initialized(pelican):
    from . import output
    output.begin(pelican)


def _finalized(pelican):
    from . import output
    output.commit(pelican)


def register():
    signals.initialized.connect(_initialized)
    signals.get_generators.connect(_get_generators)
    signals.generator_init.connect(_generator_init)
    signals.finalized.connect(_finalized)
