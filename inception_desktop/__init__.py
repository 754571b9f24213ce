"""inception-desktop: classify images with, and look inside, real Inception networks."""

__version__ = "0.1.0"
APP_NAME = "inception-desktop"
