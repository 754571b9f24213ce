"""Entry point of the frozen desktop app: the same as the `inception-desktop` command."""

import sys

from inception_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
