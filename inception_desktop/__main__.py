"""`python -m inception_desktop` behaves like the `inception-desktop` command."""

import sys

from inception_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
