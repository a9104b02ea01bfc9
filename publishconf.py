"""Settings for publishing: pelicanconf.py plus the site's public address.

`make publish` runs `pelican content -s publishconf.py`; give the address with
`make publish SITEURL=https://example.org/commerces` or
`pelican content -s publishconf.py -e SITEURL='"https://example.org/commerces"'`.
Every link, asset, feed, search file and form works under that address, at a
domain's root or under a sub-path.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "https://commerces.example.org")
RELATIVE_URLS = False
