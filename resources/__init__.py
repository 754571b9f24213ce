"""Data files shipped with the app (ImageNet labels, icons)."""
