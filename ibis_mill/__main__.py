"""``python -m ibis_mill``: see :mod:`ibis_mill.cli`."""

import sys

from ibis_mill.cli import main

if __name__ == "__main__":
    sys.exit(main())
