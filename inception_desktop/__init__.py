"""inception-desktop: classify images with, and look inside, real Inception networks."""

import time as _time

__version__ = "0.1.0"
IMPORT_TIME = _time.time()  # start-up is measured from the process start, or from here
APP_NAME = "inception-desktop"
